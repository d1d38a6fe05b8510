"""Afmelden: the login page it lands on says so."""

from django.urls import reverse


def test_logging_out_says_so_on_the_login_page(client_for, policy_staff):
    """The login page after 'Afmelden' looked the same as before logging in: had it worked?"""
    client = client_for(policy_staff)
    response = client.post(reverse("logout"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("login")
    html = response.content.decode()
    assert 'role="status">U bent afgemeld.</p>' in html
    assert "_auth_user_id" not in client.session
    # Said once: the next visit of the login page is plain again.
    assert "U bent afgemeld." not in client.get(reverse("login")).content.decode()
