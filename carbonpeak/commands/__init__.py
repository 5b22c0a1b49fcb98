"""One module per ``carbonpeak`` command, each with ``add_parser(subparsers)``.

`carbonpeak.cli.COMMANDS` lists them; a new command is a module here and one entry there.
"""
