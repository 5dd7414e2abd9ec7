import sys

from .event_schema import SchemaFileError

try:
    # pipeline.schema reads models/events/schema.json when imported: a bad file is a
    # configuration error, reported in one line (exit status 2), not a traceback.
    from .cli import main
except SchemaFileError as err:
    print(f"error: {err}", file=sys.stderr)
    sys.exit(2)

sys.exit(main())
