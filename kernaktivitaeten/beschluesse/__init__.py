"""The Beschlussregister: services, the public register (views, filters, feed), the loading of
decisions stated in the facts file and the OParl import. The model lives in
``kernaktivitaeten/models/beschluesse.py`` (docs/decisions/0011)."""
