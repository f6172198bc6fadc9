"""Every write to newsdesk's database goes through a function here (STYLE: actions).

Each ``do_*`` function runs in ``transaction.atomic`` and validates its input first.
"""
