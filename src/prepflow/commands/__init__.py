"""prepflow's commands, one per module (a group with its subcommands counts as one).

``prepflow.cligroup`` lists them by name, with their one-line help, without importing
any of them; a module is imported only when its command runs or shows its help.
Options and helpers they share are in :mod:`prepflow.commands.common`.

A new command is a module here, named after the command, and its line in
``prepflow.cligroup.COMMANDS``; tests/test_cli_commands.py checks that they agree.
"""
