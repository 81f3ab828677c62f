import os

from django.core.wsgi import get_wsgi_application

from config.startup import check_services, run_guarded

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = run_guarded(get_wsgi_application)
check_services()
