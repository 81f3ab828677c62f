#!/usr/bin/env python
import os
import sys

# Commands that serve or change data first check that the database and Redis answer.
SERVICE_COMMANDS = {"runserver", "migrate", "load_demo", "rollup", "rebuild_search_index", "seed_scale"}


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django
    from django.core.management import execute_from_command_line

    from config.startup import check_services, run_guarded

    run_guarded(django.setup)
    if len(sys.argv) > 1 and sys.argv[1] in SERVICE_COMMANDS:
        check_services()
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
