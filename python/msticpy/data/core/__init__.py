"""
msticpy.data.core: the query library and ``QueryProvider``.

Modules: ``data_providers`` (``QueryProvider``), ``query_source``, ``query_store``,
``query_defns``, ``data_query_reader``, ``param_extractor``, ``query_container``.
"""
