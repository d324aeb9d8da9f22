"""Rules of Vietnamese law as pure, typed functions. No Django imports here.

Each function cites the article it encodes in its docstring; models and services call these
functions and never re-implement them (DESIGN §3 rule 4, §5).
"""
