"""Documents to passages to an index, and search over it."""

from retrieval.threads import configure_threads

configure_threads()
