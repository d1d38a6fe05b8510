"""From an uploaded file to a stored, linked document: the recipe (`recipe`), the Celery
task that runs it (`tasks`), and its parts: the question set (`question_sets`), curated
links kept on re-processing (`carry_curation`) and the advisory locks (`locks`)."""
