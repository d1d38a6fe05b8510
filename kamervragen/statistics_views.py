from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from kamervragen.access import require_permission
from kamervragen.roles import CAN_BROWSE
from kamervragen.statistics import statistics_page_cached


@require_safe
@require_permission(CAN_BROWSE)
def statistics(request: HttpRequest) -> HttpResponse:
    year_param = request.GET.get("jaar", "").strip()
    year = int(year_param) if year_param.isdigit() and len(year_param) == 4 else None
    context = statistics_page_cached(year=year) | {"year": year}
    return render(request, "kamervragen/statistics.html", context)
