"""ETL: read shipped and imported files, clean them, write the DuckDB database."""
