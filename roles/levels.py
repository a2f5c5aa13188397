"""The proficiency scale's names, 0..5: the one list that `roles.models.Level` (content,
forms, admin) and the readiness engine (`learners.readiness`) both read. Plain Python, so the
pure engine can import it without the ORM."""

LEVEL_NAMES = {0: "None", 1: "Aware", 2: "Guided", 3: "Independent", 4: "Advanced", 5: "Expert"}
