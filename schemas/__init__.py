"""JSON Schemas shipped with prepflow, read at run time with importlib.resources."""
