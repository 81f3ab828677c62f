"""The event names the rollups read (docs/metrics.md describes each one).

Rollups read Events only, so these names and their props are the contract
between the apps that emit them and the metrics.
"""

# support (Get help and tickets)
HELP_SESSION_STARTED = "help.session_started"  # obj=HelpSession, props: session
HELP_SUGGESTIONS_SHOWN = "help.suggestions_shown"  # props: session, query, results
HELP_SUGGESTION_OPENED = "help.suggestion_opened"  # props: session, kind, id
HELP_DEFLECTED = "help.deflected"  # props: session, kind, id  ("This solved my problem")
HELP_ASKED_COMMUNITY = "help.asked_community"  # props: session
HELP_CONTACT_OPENED = "help.contact_opened"  # props: session
TICKET_CREATED = "ticket.created"  # obj=Ticket, props: session, source, question
TICKET_FIRST_RESPONSE = "ticket.first_response"  # obj=Ticket, user=agent, props: seconds
TICKET_SOLVED = "ticket.solved"  # obj=Ticket, props: seconds

# community
QUESTION_ASKED = "community.question_asked"  # obj=Question, user=asker
ANSWER_POSTED = "community.answer_posted"  # obj=Answer, user=author, props: question (id), official
ANSWER_ACCEPTED = "community.answer_accepted"  # obj=Answer, user=who accepted, props: question (id)
ANSWER_UNACCEPTED = "community.answer_unaccepted"  # obj=Answer, user=who took it back, props: question (id)
# obj=the question, answer or idea voted on, props: value (the change to its score: +1/-1 for a new vote,
# +-2 for a switched one, the opposite of the withdrawn vote), vote (the member's vote now: 1, -1, 0), kind
VOTE_CAST = "community.vote_cast"
IDEA_POSTED = "community.idea_posted"  # obj=Idea, user=author
QUESTION_VIEWED = "community.question_viewed"  # obj=Question

# knowledge base and search
ARTICLE_VIEWED = "kb.article_viewed"  # obj=Article
ARTICLE_VOTED = "kb.article_voted"  # obj=Article, props: helpful (bool)
SEARCH_PERFORMED = "search.performed"  # props: query, results (total found)

# accounts and moderation
SIGNED_UP = "account.signed_up"  # user=the new member
FLAGGED = "moderation.flagged"  # obj=the flagged post
MODERATION_DECIDED = "moderation.decided"  # props: seconds_to_decision

# Someone who used self-service: read, searched, or asked Get help.
HELP_CENTRE_EVENTS = [HELP_SESSION_STARTED, ARTICLE_VIEWED, SEARCH_PERFORMED, QUESTION_VIEWED, ARTICLE_VOTED]
# What ends a deflection: the customer still needed a person.
FOLLOW_UP_EVENTS = [TICKET_CREATED, QUESTION_ASKED]
# Not a member doing something.
SYSTEM_PREFIXES = ("system.",)
