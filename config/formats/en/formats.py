# English dates on a Copenhagen site: day before month and a 24-hour clock, as in the Danish text
# ("17 December 2026", not Django's American default "Dec. 17, 2026"). Syntax:
# https://docs.djangoproject.com/en/stable/ref/templates/builtins/#date
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
TIME_FORMAT = "H:i"
