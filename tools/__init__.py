"""Commands for contributors, run by the Makefile: ``make chapter`` (tools.chapter) makes a new
chapter's files and puts it in every list of the book. Not part of the nnbook package."""
