#ifndef STRATA_CDUCKDB_SHIM_H
#define STRATA_CDUCKDB_SHIM_H
#include <duckdb.h>
#endif
