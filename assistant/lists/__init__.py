"""Questions that ask for every match ("list every initiative with its budget", "hvilke tall
oppgir Politidirektoratet for 2017?", "how many initiatives …"): answered with all matching
items in scope, as a table with the count stated (:func:`assistant.lists.answer.list_answer`)."""
