"""Import what a learner already has: a CV (PDF, Word, text), a JSON Resume, a LinkedIn export or
an Open Badges credential, read into a proposal that nothing saves until the learner confirms.

    doc = read_upload(data, filename, today=...)   # or read_text(text, today=...)
    proposal = propose(doc, catalogue.from_database(), today=...)

Skills are read by the job postings' reader (jobs.reading), never by a second matcher.
"""

from learners.importing.document import Refused
from learners.importing.files import read_text, read_upload
from learners.importing.propose import propose

__all__ = ["Refused", "propose", "read_text", "read_upload"]
