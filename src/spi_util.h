/*
 * spi_util.h — running SQL from C code: plans prepared once per extension
 * schema and kept, and the begin/end pair around every use of SPI.
 */
#ifndef SPI_UTIL_H
#define SPI_UTIL_H

#include "fmgr.h"
#include "executor/spi.h"

/*
 * A kept SPI plan, for the schema it was prepared in; it is prepared again
 * when the extension's schema changes or any schema is renamed.
 */
typedef struct SchemaPlan
{
	Oid			schema;
	uint64		generation;
	SPIPlanPtr	plan;
} SchemaPlan;

/* What SpiBegin() set up and SpiEnd() undoes. */
typedef struct SpiScope
{
	int			guc_level;
} SpiScope;

extern void SpiBegin(SpiScope *scope);
extern void SpiEnd(SpiScope *scope);
extern void SpiAllowLocalReferenceReads(void);
extern Oid	FunctionSchema(FunctionCallInfo fcinfo);
extern SPIPlanPtr PrepareInSchema(SchemaPlan *cached, Oid schema,
								  const char *sql, int nargs, Oid *argtypes);
extern void ExecutePlan(SPIPlanPtr plan, Datum *values, const char *nulls,
						int expected);
extern Datum SingleResultValue(int column, bool *isnull);
extern void RegisterSchemaPlanInvalidation(void);

#endif							/* SPI_UTIL_H */
