"""Every read the web app and CLI make, with ``select_related`` so pages cost a fixed
number of queries (STYLE: reads in ``store/queries``)."""
