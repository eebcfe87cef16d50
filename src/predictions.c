/*
 * predictions.c — customer-base analysis models fitted inside the database
 * (SPEC §3.7): BG/NBD (how many purchases, and is the customer alive),
 * Gamma-Gamma (how much per order), their lifetime value, and a calibrated
 * purchase probability (logistic regression).
 *
 * The three fits are aggregates over one kind of state: a hash table that
 * counts identical rows (a (frequency, recency, age) triple, a (frequency,
 * avg_value) pair, a (purchased, score) pair).  Its size is bounded by the
 * distinct rows, it merges and serializes simply, so that parallel query
 * (and Citus) can aggregate partially; and the likelihood is summed once per
 * distinct row, weighted by its count.
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/typcache.h"

#include "checks.h"
#include "hypergeometric.h"
#include "mle.h"

/* ---------------------------------------------------------------------------
 * The aggregate state: counts of identical rows
 * ---------------------------------------------------------------------------
 */

typedef struct CountKey
{
	float8		u;
	float8		v;
	int32		i;
} CountKey;

typedef struct CountEntry
{
	CountKey	key;
	int64		count;
	char		status;
} CountEntry;

/* murmur3's 64-bit finalizer */
static inline uint64
Mix64(uint64 h)
{
	h ^= h >> 33;
	h *= UINT64CONST(0xff51afd7ed558ccd);
	h ^= h >> 33;
	h *= UINT64CONST(0xc4ceb9fe1a85ec53);
	h ^= h >> 33;
	return h;
}

static inline uint64
DoubleBits(double d)
{
	uint64		bits;

	memcpy(&bits, &d, sizeof(bits));
	return bits;
}

static inline uint32
CountKeyHash(CountKey k)
{
	return (uint32) Mix64(DoubleBits(k.u) ^ Mix64(DoubleBits(k.v) ^ (uint64) (uint32) k.i));
}

#define SH_PREFIX counts
#define SH_ELEMENT_TYPE CountEntry
#define SH_KEY_TYPE CountKey
#define SH_KEY key
#define SH_HASH_KEY(tb, k) CountKeyHash(k)
#define SH_EQUAL(tb, a, b) ((a).i == (b).i && (a).u == (b).u && (a).v == (b).v)
#define SH_SCOPE static inline
#define SH_DECLARE
#define SH_DEFINE
#include "lib/simplehash.h"

/* one serialized entry: i, u, v, count */
#define SERIAL_ENTRY_SIZE (sizeof(int32) + 2 * sizeof(float8) + sizeof(int64))

/*
 * Rows are inserted in batches: the table outgrows the CPU caches (half a
 * million distinct triples take 32 MB), so a batch first fetches the
 * buckets of all its rows and then inserts them, instead of waiting for
 * memory row by row.
 */
#define COUNT_BATCH 256

#ifdef __GNUC__
#define PrefetchMemory(p) __builtin_prefetch(p)
#else
#define PrefetchMemory(p) ((void) 0)
#endif

typedef struct CountState
{
	counts_hash *table;
	int			pending;
	CountKey	batch[COUNT_BATCH];
	int64		batch_count[COUNT_BATCH];
} CountState;

static CountState *
CountsCreate(MemoryContext context, uint32 size)
{
	CountState *state = MemoryContextAlloc(context, sizeof(CountState));

	state->table = counts_create(context, Max(size, 256), NULL);
	state->pending = 0;
	return state;
}

/* Add n rows (i, u, v) to the table; -0 counts as 0. */
static void
CountsAdd(counts_hash *table, CountKey key, uint32 hash, int64 n)
{
	bool		found;
	CountEntry *entry = counts_insert_hash(table, key, hash, &found);

	if (!found)
		entry->count = 0;
	entry->count += n;
}

static inline CountKey
MakeKey(int32 i, double u, double v)
{
	CountKey	key = {u + 0.0, v + 0.0, i};

	return key;
}

/* Insert the pending batch; every reader of the table calls this first. */
static counts_hash *
CountsFlush(CountState *state)
{
	uint32		hashes[COUNT_BATCH];

	for (int j = 0; j < state->pending; j++)
	{
		hashes[j] = CountKeyHash(state->batch[j]);
		PrefetchMemory(&state->table->data[hashes[j] & state->table->sizemask]);
	}
	for (int j = 0; j < state->pending; j++)
		CountsAdd(state->table, state->batch[j], hashes[j], state->batch_count[j]);
	state->pending = 0;
	return state->table;
}

/* Count n rows (i, u, v). */
static void
CountsAddRows(CountState *state, CountKey key, int64 n)
{
	state->batch[state->pending] = key;
	state->batch_count[state->pending++] = n;
	if (state->pending == COUNT_BATCH)
		CountsFlush(state);
}

static inline void
CountsAddRow(CountState *state, int32 i, double u, double v)
{
	CountsAddRows(state, MakeKey(i, u, v), 1);
}

/* The state of an aggregate transition call, created in the aggregate context. */
static CountState *
CountsState(FunctionCallInfo fcinfo)
{
	MemoryContext aggcontext;

	if (!AggCheckCallContext(fcinfo, &aggcontext))
		elog(ERROR, "aggregate function called in non-aggregate context");
	if (PG_ARGISNULL(0))
		return CountsCreate(aggcontext, 0);
	return (CountState *) PG_GETARG_POINTER(0);
}

/* prediction_counts_combine(state, state) — merge the second into the first. */
PG_FUNCTION_INFO_V1(prediction_counts_combine);
Datum
prediction_counts_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcontext;
	CountState *state;
	counts_hash *other;
	counts_iterator it;
	CountEntry *entry;

	if (!AggCheckCallContext(fcinfo, &aggcontext))
		elog(ERROR, "aggregate function called in non-aggregate context");
	if (PG_ARGISNULL(1))
		PG_RETURN_POINTER(PG_ARGISNULL(0) ? NULL : PG_GETARG_POINTER(0));
	other = CountsFlush((CountState *) PG_GETARG_POINTER(1));
	state = PG_ARGISNULL(0) ? CountsCreate(aggcontext, other->members) :
		(CountState *) PG_GETARG_POINTER(0);
	counts_start_iterate(other, &it);
	while ((entry = counts_iterate(other, &it)) != NULL)
		CountsAddRows(state, entry->key, entry->count);
	PG_RETURN_POINTER(state);
}

/* prediction_counts_serialize(state) — the entries, packed, as bytea. */
PG_FUNCTION_INFO_V1(prediction_counts_serialize);
Datum
prediction_counts_serialize(PG_FUNCTION_ARGS)
{
	counts_hash *table = CountsFlush((CountState *) PG_GETARG_POINTER(0));
	Size		size = VARHDRSZ + (Size) table->members * SERIAL_ENTRY_SIZE;
	bytea	   *result = (bytea *) palloc(size);
	char	   *p = VARDATA(result);
	counts_iterator it;
	CountEntry *entry;

	SET_VARSIZE(result, size);
	counts_start_iterate(table, &it);
	while ((entry = counts_iterate(table, &it)) != NULL)
	{
		memcpy(p, &entry->key.i, sizeof(int32));
		memcpy(p + 4, &entry->key.u, sizeof(float8));
		memcpy(p + 12, &entry->key.v, sizeof(float8));
		memcpy(p + 20, &entry->count, sizeof(int64));
		p += SERIAL_ENTRY_SIZE;
	}
	PG_RETURN_BYTEA_P(result);
}

/* prediction_counts_deserialize(bytea, internal) — the state back. */
PG_FUNCTION_INFO_V1(prediction_counts_deserialize);
Datum
prediction_counts_deserialize(PG_FUNCTION_ARGS)
{
	bytea	   *data = PG_GETARG_BYTEA_PP(0);
	Size		size = VARSIZE_ANY_EXHDR(data);
	const char *p = VARDATA_ANY(data);
	CountState *state;

	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "aggregate function called in non-aggregate context");
	if (size % SERIAL_ENTRY_SIZE != 0 || size / SERIAL_ENTRY_SIZE > PG_UINT32_MAX / 2)
		elog(ERROR, "invalid serialized prediction aggregate state");
	state = CountsCreate(CurrentMemoryContext, (uint32) (size / SERIAL_ENTRY_SIZE));
	for (; size > 0; size -= SERIAL_ENTRY_SIZE, p += SERIAL_ENTRY_SIZE)
	{
		int32		i;
		float8		u,
					v;
		int64		count;

		memcpy(&i, p, sizeof(int32));
		memcpy(&u, p + 4, sizeof(float8));
		memcpy(&v, p + 12, sizeof(float8));
		memcpy(&count, p + 20, sizeof(int64));
		CountsAddRows(state, MakeKey(i, u, v), count);
	}
	PG_RETURN_POINTER(state);
}

/* ---------------------------------------------------------------------------
 * Argument checks (22023, naming the argument)
 * ---------------------------------------------------------------------------
 */

static void
CheckNonNegative(double value, const char *argname)
{
	CheckFiniteFloat8(value, argname);
	if (value < 0.0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must not be negative", argname)));
}

static void
CheckFrequency(int32 frequency)
{
	if (frequency < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("frequency must not be negative")));
}

/* A customer summary: frequency >= 0, 0 <= recency <= age, all finite. */
static void
CheckSummary(int32 frequency, double recency, double age)
{
	CheckFrequency(frequency);
	CheckNonNegative(recency, "recency");
	CheckNonNegative(age, "age");
	if (recency > age)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("recency must not exceed age"),
				 errdetail("recency is %g, age is %g.", recency, age)));
}

/* avg_value: finite; positive for a repeat buyer (ignored otherwise). */
static void
CheckAverageValue(int32 frequency, double avg_value)
{
	CheckFiniteFloat8(avg_value, "avg_value");
	if (frequency > 0 && avg_value <= 0.0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("avg_value must be positive for a repeat buyer"),
				 errdetail("frequency is %d, avg_value is %g.", frequency, avg_value)));
}

/* ---------------------------------------------------------------------------
 * Model arguments: composite rows whose first fields are the parameters.
 * A call site keeps the last row it read (rows are compared byte for byte),
 * so a model passed for every row of a query is read once.
 * ---------------------------------------------------------------------------
 */

#define MODEL_MAX_PARAMS 4
#define MODEL_SLOTS 2

typedef struct ModelCache
{
	Size		len;			/* 0 = nothing cached */
	char	   *bytes;
	double		param[MODEL_MAX_PARAMS];
} ModelCache;

typedef struct CallSite
{
	ModelCache	models[MODEL_SLOTS];
	bool		warned;			/* the q <= 1 WARNING was given */
} CallSite;

static const char *const bgnbd_param_names[] = {"r", "alpha", "a", "b"};
static const char *const gamma_gamma_param_names[] = {"p", "q", "v"};

static CallSite *
GetCallSite(FunctionCallInfo fcinfo)
{
	if (fcinfo->flinfo->fn_extra == NULL)
		fcinfo->flinfo->fn_extra = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt,
														  sizeof(CallSite));
	return (CallSite *) fcinfo->flinfo->fn_extra;
}

/* Read and check nparams float8 parameters of a model row into cache. */
static void
ParseModel(HeapTupleHeader row, Size len, int nparams, const char *argname,
		   const char *const *names, ModelCache *cache)
{
	TupleDesc	desc = lookup_rowtype_tupdesc(HeapTupleHeaderGetTypeId(row),
											  HeapTupleHeaderGetTypMod(row));
	HeapTupleData tuple;
	Datum		values[MODEL_MAX_PARAMS + 8];
	bool		nulls[MODEL_MAX_PARAMS + 8];

	if (desc->natts < nparams || desc->natts > lengthof(values))
		elog(ERROR, "unexpected row type for %s", argname);
	tuple.t_len = len;
	ItemPointerSetInvalid(&tuple.t_self);
	tuple.t_tableOid = InvalidOid;
	tuple.t_data = row;
	heap_deform_tuple(&tuple, desc, values, nulls);
	for (int i = 0; i < nparams; i++)
	{
		double		value;

		if (TupleDescAttr(desc, i)->atttypid != FLOAT8OID)
			elog(ERROR, "unexpected row type for %s", argname);
		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s.%s must not be null", argname, names[i])));
		value = DatumGetFloat8(values[i]);
		if (!(value > 0.0 && isfinite(value)))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s.%s must be a positive finite number", argname, names[i]),
					 errdetail("%s.%s is %g.", argname, names[i], value)));
		cache->param[i] = value;
	}
	ReleaseTupleDesc(desc);
}

/* The parameters of the model in argument argno (slot: its cache). */
static const double *
ModelArgument(FunctionCallInfo fcinfo, int argno, int slot, int nparams,
			  const char *argname, const char *const *names)
{
	HeapTupleHeader row = PG_GETARG_HEAPTUPLEHEADER(argno);
	Size		len = HeapTupleHeaderGetDatumLength(row);
	ModelCache *cache = &GetCallSite(fcinfo)->models[slot];

	if (cache->len == len && memcmp(cache->bytes, row, len) == 0)
		return cache->param;
	cache->len = 0;
	ParseModel(row, len, nparams, argname, names, cache);
	if (cache->bytes != NULL)
		pfree(cache->bytes);
	cache->bytes = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, len);
	memcpy(cache->bytes, row, len);
	cache->len = len;
	return cache->param;
}

#define BgnbdArgument(fcinfo, argno, slot, argname) \
	ModelArgument(fcinfo, argno, slot, 4, argname, bgnbd_param_names)
#define GammaGammaArgument(fcinfo, argno, slot, argname) \
	ModelArgument(fcinfo, argno, slot, 3, argname, gamma_gamma_param_names)

/* A model row: the parameters, log-likelihood, count and converged flag. */
static Datum
ModelRow(FunctionCallInfo fcinfo, const double *param, int nparams,
		 double log_likelihood, int64 count, bool converged)
{
	TupleDesc	desc;
	Datum		values[MODEL_MAX_PARAMS + 3];
	bool		nulls[MODEL_MAX_PARAMS + 3] = {false};

	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE ||
		desc->natts != nparams + 3)
		elog(ERROR, "unexpected result type of a model fit");
	for (int i = 0; i < nparams; i++)
		values[i] = Float8GetDatum(param[i]);
	values[nparams] = Float8GetDatum(log_likelihood);
	values[nparams + 1] = Int64GetDatum(count);
	values[nparams + 2] = BoolGetDatum(converged);
	return HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(desc), values, nulls));
}

/* ---------------------------------------------------------------------------
 * BG/NBD: the fit
 * ---------------------------------------------------------------------------
 */

/*
 * The times of a fit (recency and age values) are kept once each: the
 * likelihood needs ln(alpha + t) and 1/(alpha + t) of every time, and there
 * are far fewer distinct times than customers (days, weeks).
 */
typedef struct TimeEntry
{
	double		time;
	uint32		index;
	char		status;
} TimeEntry;

#define SH_PREFIX times
#define SH_ELEMENT_TYPE TimeEntry
#define SH_KEY_TYPE double
#define SH_KEY time
#define SH_HASH_KEY(tb, k) ((uint32) Mix64(DoubleBits(k)))
#define SH_EQUAL(tb, a, b) ((a) == (b))
#define SH_SCOPE static inline
#define SH_DECLARE
#define SH_DEFINE
#include "lib/simplehash.h"

/* a repeat buyer's distinct (x, t_x, T): x, t_x and T by their indexes */
typedef struct RepeatRow
{
	double		weight;
	int32		xi;
	uint32		recency;
	uint32		age;
} RepeatRow;

/*
 * The data of a fit, arranged for the likelihood's three kinds of terms:
 * those of x alone (per distinct x), those of customers without repeat
 * purchases (per distinct T), and those of (x, t_x, T) (per repeat row).
 */
typedef struct BgnbdData
{
	int			nx;
	int32	   *x;				/* distinct x > 0, ascending */
	double	   *x_weight;
	double		total_weight;
	int			nrepeat;
	RepeatRow  *repeat;
	int			nsingle;
	double	   *single_age;		/* T of customers with x = 0 */
	double	   *single_weight;
	int			ntimes;
	double	   *times;			/* distinct times of the repeat rows */
	double	   *log_time;		/* scratch per time: ln(alpha + t) */
	double	   *inv_time;		/* scratch per time: 1 / (alpha + t) */
	double	   *log_ratio;		/* scratch per distinct x: ln a - ln(b + x - 1) */
	double	   *inv_b;			/* scratch per distinct x: 1 / (b + x - 1) */
} BgnbdData;

static int
CompareInt32(const void *a, const void *b)
{
	int32		x = *(const int32 *) a;
	int32		y = *(const int32 *) b;

	return (x > y) - (x < y);
}

/* The index of x in the ascending array values[n]. */
static int
XIndex(const int32 *values, int n, int32 x)
{
	int32	   *found = bsearch(&x, values, n, sizeof(int32), CompareInt32);

	Assert(found != NULL);
	return (int) (found - values);
}

/*
 * The entries of a state ordered by their key.  The hash table's own order
 * depends on the order the rows arrived in (a parallel plan, a Citus
 * cluster, a table rewritten by VACUUM FULL), and so would the order of
 * every floating-point sum of the fit: read in key order, the same rows
 * give the same model to the last bit wherever they come from.
 */
static int
CompareCountEntries(const void *a, const void *b)
{
	const CountKey *x = &((const CountEntry *) a)->key;
	const CountKey *y = &((const CountEntry *) b)->key;

	if (x->i != y->i)
		return x->i < y->i ? -1 : 1;
	if (x->u != y->u)
		return x->u < y->u ? -1 : 1;
	if (x->v != y->v)
		return x->v < y->v ? -1 : 1;
	return 0;
}

static CountEntry *
SortedEntries(counts_hash *state, int *n)
{
	counts_iterator it;
	CountEntry *entry;
	CountEntry *sorted = palloc(sizeof(CountEntry) * (state->members + 1));

	*n = 0;
	counts_start_iterate(state, &it);
	while ((entry = counts_iterate(state, &it)) != NULL)
		sorted[(*n)++] = *entry;
	qsort(sorted, *n, sizeof(CountEntry), CompareCountEntries);
	return sorted;
}

/*
 * The distinct positive x of the state, ascending, into *values (*n of
 * them), with zeroed weights.
 */
static void
CollectDistinctX(counts_hash *state, int *n, int32 **values, double **weights)
{
	counts_iterator it;
	CountEntry *entry;
	int32	   *x = palloc(sizeof(int32) * (state->members + 1));
	int			all = 0;

	counts_start_iterate(state, &it);
	while ((entry = counts_iterate(state, &it)) != NULL)
		if (entry->key.i > 0)
			x[all++] = entry->key.i;
	qsort(x, all, sizeof(int32), CompareInt32);
	*n = 0;
	for (int i = 0; i < all; i++)
		if (*n == 0 || x[*n - 1] != x[i])
			x[(*n)++] = x[i];
	*values = x;
	*weights = palloc0(sizeof(double) * (*n + 1));
}

/* The index of a time in d->times, adding it if new. */
static uint32
TimeIndex(times_hash *index, BgnbdData *d, double time)
{
	bool		found;
	TimeEntry  *entry = times_insert(index, time, &found);

	if (!found)
	{
		entry->index = d->ntimes;
		d->times[d->ntimes++] = time;
	}
	return entry->index;
}

static void
BgnbdCollect(counts_hash *state, BgnbdData *d)
{
	int			nentries;
	CountEntry *sorted = SortedEntries(state, &nentries);
	times_hash *index = times_create(CurrentMemoryContext, 1024, NULL);
	Size		rows = state->members + 1;

	CollectDistinctX(state, &d->nx, &d->x, &d->x_weight);
	d->log_ratio = palloc(sizeof(double) * (d->nx + 1));
	d->inv_b = palloc(sizeof(double) * (d->nx + 1));
	d->repeat = palloc(sizeof(RepeatRow) * rows);
	d->single_age = palloc(sizeof(double) * rows);
	d->single_weight = palloc(sizeof(double) * rows);
	d->times = palloc(sizeof(double) * 2 * rows);
	d->nrepeat = d->nsingle = d->ntimes = 0;
	d->total_weight = 0.0;
	for (int k = 0; k < nentries; k++)
	{
		CountEntry *entry = &sorted[k];
		double		w = (double) entry->count;
		RepeatRow  *row;

		d->total_weight += w;
		if (entry->key.i == 0)
		{
			d->single_age[d->nsingle] = entry->key.v;
			d->single_weight[d->nsingle++] = w;
			continue;
		}
		row = &d->repeat[d->nrepeat++];
		row->weight = w;
		row->xi = XIndex(d->x, d->nx, entry->key.i);
		row->recency = TimeIndex(index, d, entry->key.u);
		row->age = TimeIndex(index, d, entry->key.v);
		d->x_weight[row->xi] += w;
	}
	times_destroy(index);
	pfree(sorted);
	d->log_time = palloc(sizeof(double) * (d->ntimes + 1));
	d->inv_time = palloc(sizeof(double) * (d->ntimes + 1));
}

/* ln(1 + e^z) without overflow */
static inline double
Softplus(double z)
{
	return (z > 0.0) ? z + log1p(exp(-z)) : log1p(exp(z));
}

/* ln(1 + e^z) and its derivative 1 / (1 + e^-z), with one exp */
static inline double
SoftplusSigmoid(double z, double *sigmoid)
{
	double		e = exp(-fabs(z));

	*sigmoid = (z > 0.0) ? 1.0 / (1.0 + e) : e / (1.0 + e);
	return Max(z, 0.0) + log1p(e);
}

/* gradient and Hessian of the BG/NBD log-likelihood in (r, alpha, a, b) */
typedef struct Derivatives
{
	double		g[4];
	double		h[4][4];
} Derivatives;

enum
{
	R, ALPHA, A, B
};

/*
 * The terms of x alone:  W_x [lnG(r+x) - lnG(r) + lnG(a+b) - lnG(a+b+x)
 * + lnG(b+x) - lnG(b)], plus N r ln(alpha) over all customers.
 */
static double
BgnbdTermsOfX(const BgnbdData *d, const double *p, Derivatives *dv)
{
	double		r = p[R],
				alpha = p[ALPHA],
				a = p[A],
				b = p[B];
	double		lg_r = lgamma(r),
				lg_ab = lgamma(a + b),
				lg_b = lgamma(b);
	double		f = d->total_weight * r * log(alpha);
	double		psi_r = 0,
				psi_ab = 0,
				psi_b = 0,
				tri_r = 0,
				tri_ab = 0,
				tri_b = 0;

	if (dv)
	{
		psi_r = Digamma(r);
		psi_ab = Digamma(a + b);
		psi_b = Digamma(b);
		tri_r = Trigamma(r);
		tri_ab = Trigamma(a + b);
		tri_b = Trigamma(b);
		dv->g[R] += d->total_weight * log(alpha);
		dv->g[ALPHA] += d->total_weight * r / alpha;
		dv->h[R][ALPHA] += d->total_weight / alpha;
		dv->h[ALPHA][ALPHA] -= d->total_weight * r / (alpha * alpha);
	}
	for (int j = 0; j < d->nx; j++)
	{
		double		x = d->x[j];
		double		w = d->x_weight[j];

		f += w * (lgamma(r + x) - lg_r + lg_ab - lgamma(a + b + x) + lgamma(b + x) - lg_b);
		if (dv)
		{
			double		dab = psi_ab - Digamma(a + b + x);
			double		tab = tri_ab - Trigamma(a + b + x);

			dv->g[R] += w * (Digamma(r + x) - psi_r);
			dv->g[A] += w * dab;
			dv->g[B] += w * (dab + Digamma(b + x) - psi_b);
			dv->h[R][R] += w * (Trigamma(r + x) - tri_r);
			dv->h[A][A] += w * tab;
			dv->h[A][B] += w * tab;
			dv->h[B][B] += w * (tab + Trigamma(b + x) - tri_b);
		}
	}
	return f;
}

/* Customers without repeat purchases: -r ln(alpha + T). */
static double
BgnbdTermsOfSingles(const BgnbdData *d, const double *p, Derivatives *dv)
{
	double		f = 0.0;

	for (int j = 0; j < d->nsingle; j++)
	{
		double		w = d->single_weight[j];
		double		u = 1.0 / (p[ALPHA] + d->single_age[j]);
		double		log_age = log(p[ALPHA] + d->single_age[j]);

		f -= w * p[R] * log_age;
		if (dv)
		{
			dv->g[R] -= w * log_age;
			dv->g[ALPHA] -= w * p[R] * u;
			dv->h[R][ALPHA] -= w * u;
			dv->h[ALPHA][ALPHA] += w * p[R] * u * u;
		}
	}
	return f;
}

/*
 * Repeat buyers: ln[(alpha+T)^-n + a/(b+x-1) (alpha+t_x)^-n], n = r + x,
 * written as -n ln(alpha+T) + softplus(z) (log-sum-exp) with
 * z = ln a - ln(b+x-1) + n ln((alpha+T)/(alpha+t_x)).
 * Sums that share a factor of a or b are kept apart and scaled at the end.
 */
static double
BgnbdTermsOfRepeats(BgnbdData *d, const double *p, Derivatives *dv)
{
	double		r = p[R],
				alpha = p[ALPHA],
				a = p[A],
				b = p[B];
	double		f = 0.0;
	double		s_sum = 0,
				s2_sum = 0,
				sb_sum = 0,
				s2b_sum = 0,
				s2bb_sum = 0,
				sbb_sum = 0,
				s2d_sum = 0,
				s2db_sum = 0,
				s2ndu_sum = 0,
				s2ndub_sum = 0;

	for (int j = 0; j < d->nx; j++)
	{
		d->inv_b[j] = 1.0 / (b + d->x[j] - 1.0);
		d->log_ratio[j] = log(a) + log(d->inv_b[j]);
	}
	for (int j = 0; j < d->ntimes; j++)
	{
		d->log_time[j] = log(alpha + d->times[j]);
		d->inv_time[j] = 1.0 / (alpha + d->times[j]);
	}
	for (int j = 0; j < d->nrepeat; j++)
	{
		const RepeatRow *row = &d->repeat[j];
		double		n = r + d->x[row->xi];
		double		log_age = d->log_time[row->age];
		double		gap = log_age - d->log_time[row->recency];
		double		z = d->log_ratio[row->xi] + n * gap;
		double		w = row->weight;
		double		s;

		f += w * (SoftplusSigmoid(z, &s) - n * log_age);
		if (dv)
		{
			double		s2 = s * (1.0 - s);
			double		cb = d->inv_b[row->xi];
			double		u_age = d->inv_time[row->age];
			double		u_rec = d->inv_time[row->recency];
			double		du = u_age - u_rec;

			dv->g[R] += w * (s * gap - log_age);
			dv->g[ALPHA] += w * n * (s * du - u_age);
			dv->h[R][R] += w * s2 * gap * gap;
			dv->h[R][ALPHA] += w * (s2 * gap * n * du + s * du - u_age);
			dv->h[ALPHA][ALPHA] += w * n * (u_age * u_age + s2 * n * du * du +
											s * (u_rec * u_rec - u_age * u_age));
			s_sum += w * s;
			s2_sum += w * s2;
			sb_sum += w * s * cb;
			s2b_sum += w * s2 * cb;
			s2bb_sum += w * s2 * cb * cb;
			sbb_sum += w * s * cb * cb;
			s2d_sum += w * s2 * gap;
			s2db_sum += w * s2 * gap * cb;
			s2ndu_sum += w * s2 * n * du;
			s2ndub_sum += w * s2 * n * du * cb;
		}
	}
	if (dv)
	{
		dv->g[A] += s_sum / a;
		dv->g[B] -= sb_sum;
		dv->h[R][A] += s2d_sum / a;
		dv->h[R][B] -= s2db_sum;
		dv->h[ALPHA][A] += s2ndu_sum / a;
		dv->h[ALPHA][B] -= s2ndub_sum;
		dv->h[A][A] += (s2_sum - s_sum) / (a * a);
		dv->h[A][B] -= s2b_sum / a;
		dv->h[B][B] += s2bb_sum + sbb_sum;
	}
	return f;
}

/*
 * From derivatives in p to derivatives in theta = ln p:
 * g'_i = p_i g_i,  H'_ij = p_i p_j H_ij + [i = j] p_i g_i.
 */
static void
ToLogParameters(int n, const double *p, const double *g, double h[][4],
				double *grad, double *hess)
{
	for (int i = 0; i < n; i++)
	{
		grad[i] = p[i] * g[i];
		for (int j = 0; j < n; j++)
		{
			double		hij = (j >= i) ? h[i][j] : h[j][i];

			hess[i * n + j] = p[i] * p[j] * hij + (i == j ? grad[i] : 0.0);
		}
	}
}

/* The BG/NBD log-likelihood at theta = ln(r, alpha, a, b). */
static double
BgnbdLogLikelihood(const double *theta, double *grad, double *hess, void *arg)
{
	BgnbdData  *d = (BgnbdData *) arg;
	double		p[4];
	Derivatives dv;
	Derivatives *dvp = grad ? &dv : NULL;
	double		f;

	for (int i = 0; i < 4; i++)
		p[i] = exp(theta[i]);
	memset(&dv, 0, sizeof(dv));
	f = BgnbdTermsOfX(d, p, dvp) + BgnbdTermsOfSingles(d, p, dvp) +
		BgnbdTermsOfRepeats(d, p, dvp);
	if (grad)
		ToLogParameters(4, p, dv.g, dv.h, grad, hess);
	return f;
}

/* bgnbd_fit_transition(state, frequency, recency, age) */
PG_FUNCTION_INFO_V1(bgnbd_fit_transition);
Datum
bgnbd_fit_transition(PG_FUNCTION_ARGS)
{
	CountState *state = CountsState(fcinfo);
	int32		frequency;
	double		recency,
				age;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3))
		PG_RETURN_POINTER(state);
	frequency = PG_GETARG_INT32(1);
	recency = PG_GETARG_FLOAT8(2);
	age = PG_GETARG_FLOAT8(3);
	CheckSummary(frequency, recency, age);
	/* without repeat purchases recency plays no part: such rows merge */
	CountsAddRow(state, frequency, frequency > 0 ? recency : 0.0, age);
	PG_RETURN_POINTER(state);
}

/*
 * The starting point: r = a = b = 1, alpha such that the mean purchase rate
 * r/alpha matches the data's (repeat purchases per unit of age).
 */
static void
BgnbdStart(const BgnbdData *d, double *theta)
{
	double		purchases = 0.0,
				time = 0.0;

	for (int j = 0; j < d->nrepeat; j++)
	{
		purchases += d->repeat[j].weight * d->x[d->repeat[j].xi];
		time += d->repeat[j].weight * d->times[d->repeat[j].age];
	}
	for (int j = 0; j < d->nsingle; j++)
		time += d->single_weight[j] * d->single_age[j];
	theta[R] = theta[A] = theta[B] = 0.0;
	theta[ALPHA] = (purchases > 0.0 && time > 0.0) ? log(time / purchases) : 0.0;
}

static void
WarnUnidentified(const char *fit, const char *detail)
{
	ereport(WARNING,
			(errcode(ERRCODE_WARNING),
			 errmsg("%s: the data do not identify the model; converged is false", fit),
			 errdetail_internal("%s", detail)));
}

/* bgnbd_fit_final(state) — the maximum-likelihood model, NULL for no rows. */
PG_FUNCTION_INFO_V1(bgnbd_fit_final);
Datum
bgnbd_fit_final(PG_FUNCTION_ARGS)
{
	counts_hash *state;
	BgnbdData	d;
	double		theta[4],
				param[4];
	double		log_likelihood;
	bool		converged;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	state = CountsFlush((CountState *) PG_GETARG_POINTER(0));
	if (state->members == 0)
		PG_RETURN_NULL();
	BgnbdCollect(state, &d);
	BgnbdStart(&d, theta);
	converged = MaximizeLogLikelihood(4, theta, BgnbdLogLikelihood, &d, &log_likelihood);
	if (!converged)
		WarnUnidentified("bgnbd_fit", d.nrepeat == 0 ?
						 "No customer made a repeat purchase." :
						 "The likelihood has no finite maximum the search could reach.");
	for (int i = 0; i < 4; i++)
		param[i] = exp(theta[i]);
	return ModelRow(fcinfo, param, 4, log_likelihood, (int64) d.total_weight, converged);
}

/* ---------------------------------------------------------------------------
 * BG/NBD: the predictions
 * ---------------------------------------------------------------------------
 */

/*
 * ln of the odds of "dropped out" against "alive" after the last purchase:
 * ln[a/(b+x-1)] + (r+x) ln[(alpha+T)/(alpha+t_x)]; -inf for x = 0.
 */
static double
DropoutLogOdds(const double *m, int32 x, double recency, double age)
{
	if (x == 0)
		return -INFINITY;
	return log(m[A]) - log(m[B] + x - 1.0) +
		(m[R] + x) * log1p((age - recency) / (m[ALPHA] + recency));
}

/* P(alive) = 1 / (1 + e^odds) */
static double
ProbabilityAlive(const double *m, int32 x, double recency, double age)
{
	double		z = DropoutLogOdds(m, x, recency, age);

	return (z > 0.0) ? exp(-z) / (1.0 + exp(-z)) : 1.0 / (1.0 + exp(z));
}

/* E[Y(t) | x, t_x, T]: P(alive) times the Beta expectation of hypergeometric.c */
static double
ExpectedPurchases(const double *m, double p_alive, double horizon, int32 x, double age)
{
	return p_alive * BetaRepeatExpectation(m[A], m[B] + x, m[R] + x,
										   horizon / (m[ALPHA] + age));
}

/* bgnbd_p_alive(model, frequency, recency, age) */
PG_FUNCTION_INFO_V1(bgnbd_p_alive);
Datum
bgnbd_p_alive(PG_FUNCTION_ARGS)
{
	const double *m = BgnbdArgument(fcinfo, 0, 0, "model");
	int32		x = PG_GETARG_INT32(1);
	double		recency = PG_GETARG_FLOAT8(2);
	double		age = PG_GETARG_FLOAT8(3);

	CheckSummary(x, recency, age);
	PG_RETURN_FLOAT8(ProbabilityAlive(m, x, recency, age));
}

/* bgnbd_expected_purchases(model, horizon, frequency, recency, age) */
PG_FUNCTION_INFO_V1(bgnbd_expected_purchases);
Datum
bgnbd_expected_purchases(PG_FUNCTION_ARGS)
{
	const double *m = BgnbdArgument(fcinfo, 0, 0, "model");
	double		horizon = PG_GETARG_FLOAT8(1);
	int32		x = PG_GETARG_INT32(2);
	double		recency = PG_GETARG_FLOAT8(3);
	double		age = PG_GETARG_FLOAT8(4);

	CheckNonNegative(horizon, "horizon");
	CheckSummary(x, recency, age);
	PG_RETURN_FLOAT8(ExpectedPurchases(m, ProbabilityAlive(m, x, recency, age),
									   horizon, x, age));
}

/*
 * bgnbd_next_purchase_in(model, frequency, recency, age) — the median wait
 * for an active customer's next purchase: lambda | data ~ Gamma(r+x,
 * alpha+T), so the wait is Lomax: (alpha+T)(2^(1/(r+x)) - 1).
 */
PG_FUNCTION_INFO_V1(bgnbd_next_purchase_in);
Datum
bgnbd_next_purchase_in(PG_FUNCTION_ARGS)
{
	const double *m = BgnbdArgument(fcinfo, 0, 0, "model");
	int32		x = PG_GETARG_INT32(1);
	double		recency = PG_GETARG_FLOAT8(2);
	double		age = PG_GETARG_FLOAT8(3);

	CheckSummary(x, recency, age);
	PG_RETURN_FLOAT8((m[ALPHA] + age) * expm1(M_LN2 / (m[R] + x)));
}

/* ---------------------------------------------------------------------------
 * Gamma-Gamma: the fit
 * ---------------------------------------------------------------------------
 */

/* a repeat buyer's distinct (x, avg_value), x by its index */
typedef struct SpendRow
{
	double		value;
	double		log_value;
	double		weight;
	int			xi;
} SpendRow;

typedef struct GammaGammaData
{
	int			nx;
	int32	   *x;
	double	   *x_weight;
	double		total_weight;
	int			nrows;
	SpendRow   *rows;
} GammaGammaData;

enum
{
	P, Q, V
};

static void
GammaGammaCollect(counts_hash *state, GammaGammaData *d)
{
	int			nentries;
	CountEntry *sorted = SortedEntries(state, &nentries);

	CollectDistinctX(state, &d->nx, &d->x, &d->x_weight);
	d->rows = palloc(sizeof(SpendRow) * (state->members + 1));
	d->nrows = 0;
	d->total_weight = 0.0;
	for (int k = 0; k < nentries; k++)
	{
		CountEntry *entry = &sorted[k];
		SpendRow   *row = &d->rows[d->nrows++];

		row->value = entry->key.u;
		row->log_value = log(entry->key.u);
		row->weight = (double) entry->count;
		row->xi = XIndex(d->x, d->nx, entry->key.i);
		d->x_weight[row->xi] += row->weight;
		d->total_weight += row->weight;
	}
}

/*
 * Per customer: lnG(px+q) - lnG(px) - lnG(q) + q ln v + (px-1) ln m
 * + px ln x - (px+q) ln(v + x m); the gamma and ln x terms per distinct x.
 */
static double
GammaGammaLogLikelihood(const double *theta, double *grad, double *hess, void *arg)
{
	GammaGammaData *d = (GammaGammaData *) arg;
	double		p = exp(theta[P]),
				q = exp(theta[Q]),
				v = exp(theta[V]);
	double		param[3] = {p, q, v};
	double		f = d->total_weight * (q * log(v) - lgamma(q));
	double		g[3] = {0},
				h[4][4] = {{0}};
	double		psi_q = grad ? Digamma(q) : 0.0;
	double		tri_q = grad ? Trigamma(q) : 0.0;

	for (int j = 0; j < d->nx; j++)
	{
		double		x = d->x[j],
					w = d->x_weight[j];

		f += w * (lgamma(p * x + q) - lgamma(p * x) + p * x * log(x));
		if (grad)
		{
			double		psi = Digamma(p * x + q),
						tri = Trigamma(p * x + q);

			g[P] += w * x * (psi - Digamma(p * x) + log(x));
			g[Q] += w * (psi - psi_q);
			h[P][P] += w * x * x * (tri - Trigamma(p * x));
			h[P][Q] += w * x * tri;
			h[Q][Q] += w * (tri - tri_q);
		}
	}
	for (int j = 0; j < d->nrows; j++)
	{
		const SpendRow *row = &d->rows[j];
		double		x = d->x[row->xi],
					w = row->weight;
		double		u = 1.0 / (v + x * row->value);
		double		log_total = log(v + x * row->value);

		f += w * ((p * x - 1.0) * row->log_value - (p * x + q) * log_total);
		if (grad)
		{
			g[P] += w * x * (row->log_value - log_total);
			g[Q] -= w * log_total;
			g[V] -= w * (p * x + q) * u;
			h[P][V] -= w * x * u;
			h[Q][V] -= w * u;
			h[V][V] += w * (p * x + q) * u * u;
		}
	}
	if (grad)
	{
		g[Q] += d->total_weight * log(v);
		g[V] += d->total_weight * q / v;
		h[Q][V] += d->total_weight / v;
		h[V][V] -= d->total_weight * q / (v * v);
		ToLogParameters(3, param, g, h, grad, hess);
	}
	return f;
}

/* gamma_gamma_fit_transition(state, frequency, avg_value) — x > 0 rows count. */
PG_FUNCTION_INFO_V1(gamma_gamma_fit_transition);
Datum
gamma_gamma_fit_transition(PG_FUNCTION_ARGS)
{
	CountState *state = CountsState(fcinfo);
	int32		frequency;
	double		avg_value;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_POINTER(state);
	frequency = PG_GETARG_INT32(1);
	avg_value = PG_GETARG_FLOAT8(2);
	CheckFrequency(frequency);
	CheckAverageValue(frequency, avg_value);
	if (frequency > 0)
		CountsAddRow(state, frequency, avg_value, 0.0);
	PG_RETURN_POINTER(state);
}

/* Start at p = 1, q = 2, v = the mean spend (so that E(M) matches it). */
static void
GammaGammaStart(const GammaGammaData *d, double *theta)
{
	double		total = 0.0;

	for (int j = 0; j < d->nrows; j++)
		total += d->rows[j].weight * d->rows[j].value;
	theta[P] = 0.0;
	theta[Q] = M_LN2;
	theta[V] = log(total / d->total_weight);
}

/* gamma_gamma_fit_final(state) — NULL when no row had frequency > 0. */
PG_FUNCTION_INFO_V1(gamma_gamma_fit_final);
Datum
gamma_gamma_fit_final(PG_FUNCTION_ARGS)
{
	counts_hash *state;
	GammaGammaData d;
	double		theta[3],
				param[3];
	double		log_likelihood;
	bool		converged;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	state = CountsFlush((CountState *) PG_GETARG_POINTER(0));
	if (state->members == 0)
		PG_RETURN_NULL();
	GammaGammaCollect(state, &d);
	GammaGammaStart(&d, theta);
	converged = MaximizeLogLikelihood(3, theta, GammaGammaLogLikelihood, &d, &log_likelihood);
	if (!converged)
		WarnUnidentified("gamma_gamma_fit",
						 "The likelihood has no finite maximum the search could reach, as when every customer spends the same.");
	for (int i = 0; i < 3; i++)
		param[i] = exp(theta[i]);
	return ModelRow(fcinfo, param, 3, log_likelihood, (int64) d.total_weight, converged);
}

/* ---------------------------------------------------------------------------
 * Gamma-Gamma and lifetime value: the predictions
 * ---------------------------------------------------------------------------
 */

/*
 * E(M | x, m) = p (v + x m) / (p x + q - 1); false (and a WARNING once per
 * call site) when q <= 1, where the mean spend does not exist.
 */
static bool
ExpectedSpend(FunctionCallInfo fcinfo, const double *gg, int32 x, double avg_value,
			  double *spend)
{
	if (gg[Q] <= 1.0)
	{
		CallSite   *site = GetCallSite(fcinfo);

		if (!site->warned)
			ereport(WARNING,
					(errcode(ERRCODE_WARNING),
					 errmsg("the Gamma-Gamma model has q <= 1, so the expected spend does not exist"),
					 errdetail("q is %g; the result is NULL.", gg[Q])));
		site->warned = true;
		return false;
	}
	*spend = gg[P] * (gg[V] + (x > 0 ? x * avg_value : 0.0)) / (gg[P] * x + gg[Q] - 1.0);
	return true;
}

/* gamma_gamma_expected_value(model, frequency, avg_value) */
PG_FUNCTION_INFO_V1(gamma_gamma_expected_value);
Datum
gamma_gamma_expected_value(PG_FUNCTION_ARGS)
{
	const double *gg = GammaGammaArgument(fcinfo, 0, 0, "model");
	int32		x = PG_GETARG_INT32(1);
	double		avg_value = PG_GETARG_FLOAT8(2);
	double		spend = 0.0;

	CheckFrequency(x);
	CheckAverageValue(x, avg_value);
	if (!ExpectedSpend(fcinfo, gg, x, avg_value, &spend))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(spend);
}

/*
 * customer_lifetime_value(bgnbd, gamma_gamma, frequency, recency, age,
 * avg_value, months, monthly_discount, days_per_unit):
 * sum over months i of (E[Y(30 i/u)] - E[Y(30 (i-1)/u)]) E(M) / (1+d)^i.
 */
PG_FUNCTION_INFO_V1(customer_lifetime_value);
Datum
customer_lifetime_value(PG_FUNCTION_ARGS)
{
	const double *m = BgnbdArgument(fcinfo, 0, 0, "bgnbd");
	const double *gg = GammaGammaArgument(fcinfo, 1, 1, "gamma_gamma");
	int32		x = PG_GETARG_INT32(2);
	double		recency = PG_GETARG_FLOAT8(3);
	double		age = PG_GETARG_FLOAT8(4);
	double		avg_value = PG_GETARG_FLOAT8(5);
	int32		months = PG_GETARG_INT32(6);
	double		discount = PG_GETARG_FLOAT8(7);
	double		days_per_unit = PG_GETARG_FLOAT8(8);
	double		spend = 0.0,
				p_alive,
				previous = 0.0,
				value = 0.0;

	CheckSummary(x, recency, age);
	CheckAverageValue(x, avg_value);
	if (months < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("months must not be negative")));
	CheckFiniteFloat8(discount, "monthly_discount");
	if (discount <= -1.0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("monthly_discount must be greater than -1")));
	CheckFiniteFloat8(days_per_unit, "days_per_unit");
	if (days_per_unit <= 0.0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("days_per_unit must be positive")));
	if (!ExpectedSpend(fcinfo, gg, x, avg_value, &spend))
		PG_RETURN_NULL();
	p_alive = ProbabilityAlive(m, x, recency, age);
	for (int32 i = 1; i <= months; i++)
	{
		double		current = ExpectedPurchases(m, p_alive, 30.0 * i / days_per_unit, x, age);

		value += (current - previous) * spend / pow(1.0 + discount, i);
		previous = current;
		if ((i & 1023) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	PG_RETURN_FLOAT8(value);
}

/* ---------------------------------------------------------------------------
 * Calibrated purchase probability: logistic regression
 * ---------------------------------------------------------------------------
 */

/* the distinct (score, purchased) rows, scores standardized for the search */
typedef struct LogisticData
{
	int			nrows;
	double	   *score;
	double	   *purchased;		/* 0 or 1 */
	double	   *weight;
	double		total_weight;
	double		mean;
	double		scale;
} LogisticData;

/* sum of w [y eta - ln(1 + e^eta)], eta = b0 + b1 s */
static double
LogisticLogLikelihood(const double *theta, double *grad, double *hess, void *arg)
{
	LogisticData *d = (LogisticData *) arg;
	double		f = 0.0;

	if (grad)
	{
		memset(grad, 0, 2 * sizeof(double));
		memset(hess, 0, 4 * sizeof(double));
	}
	for (int j = 0; j < d->nrows; j++)
	{
		double		s = d->score[j],
					w = d->weight[j];
		double		eta = theta[0] + theta[1] * s;

		f += w * (d->purchased[j] * eta - Softplus(eta));
		if (grad)
		{
			double		prob = 1.0 / (1.0 + exp(-eta));
			double		var = w * prob * (1.0 - prob);

			grad[0] += w * (d->purchased[j] - prob);
			grad[1] += w * (d->purchased[j] - prob) * s;
			hess[0] -= var;
			hess[1] -= var * s;
			hess[3] -= var * s * s;
		}
	}
	if (hess)
		hess[2] = hess[1];
	return f;
}

/* purchase_probability_fit_transition(state, score, purchased) */
PG_FUNCTION_INFO_V1(purchase_probability_fit_transition);
Datum
purchase_probability_fit_transition(PG_FUNCTION_ARGS)
{
	CountState *state = CountsState(fcinfo);
	double		score;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_POINTER(state);
	score = DatumGetFloat8(DirectFunctionCall1(numeric_float8, PG_GETARG_DATUM(1)));
	CheckFiniteFloat8(score, "score");
	CountsAddRow(state, PG_GETARG_BOOL(2) ? 1 : 0, score, 0.0);
	PG_RETURN_POINTER(state);
}

static void
LogisticCollect(counts_hash *state, LogisticData *d)
{
	int			nentries;
	CountEntry *sorted = SortedEntries(state, &nentries);
	double		sum = 0.0,
				squares = 0.0;

	d->score = palloc(sizeof(double) * state->members);
	d->purchased = palloc(sizeof(double) * state->members);
	d->weight = palloc(sizeof(double) * state->members);
	d->nrows = 0;
	d->total_weight = 0.0;
	for (int k = 0; k < nentries; k++)
	{
		CountEntry *entry = &sorted[k];

		d->score[d->nrows] = entry->key.u;
		d->purchased[d->nrows] = entry->key.i;
		d->weight[d->nrows] = (double) entry->count;
		d->total_weight += d->weight[d->nrows];
		sum += d->weight[d->nrows] * entry->key.u;
		d->nrows++;
	}
	d->mean = sum / d->total_weight;
	for (int j = 0; j < d->nrows; j++)
		squares += d->weight[j] * (d->score[j] - d->mean) * (d->score[j] - d->mean);
	d->scale = sqrt(squares / d->total_weight);
	if (!(d->scale > 0.0))
		d->scale = 1.0;
	for (int j = 0; j < d->nrows; j++)
		d->score[j] = (d->score[j] - d->mean) / d->scale;
}

/*
 * The maximum exists only when no threshold on the score separates the
 * purchases from the rest (not even with ties at the threshold): the largest
 * score of either class must exceed the smallest of the other.
 */
static bool
Overlapping(const LogisticData *d)
{
	double		low[2] = {INFINITY, INFINITY};
	double		high[2] = {-INFINITY, -INFINITY};

	for (int j = 0; j < d->nrows; j++)
	{
		int			y = (int) d->purchased[j];

		low[y] = Min(low[y], d->score[j]);
		high[y] = Max(high[y], d->score[j]);
	}
	return high[0] > low[1] && high[1] > low[0];
}

/* purchase_probability_fit_final(state) — NULL for no rows. */
PG_FUNCTION_INFO_V1(purchase_probability_fit_final);
Datum
purchase_probability_fit_final(PG_FUNCTION_ARGS)
{
	counts_hash *state;
	LogisticData d;
	double		theta[2] = {0.0, 0.0};
	double		param[2];
	double		log_likelihood;
	bool		converged;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	state = CountsFlush((CountState *) PG_GETARG_POINTER(0));
	if (state->members == 0)
		PG_RETURN_NULL();
	LogisticCollect(state, &d);
	converged = MaximizeLogLikelihood(2, theta, LogisticLogLikelihood, &d, &log_likelihood);
	if (!Overlapping(&d))
	{
		converged = false;
		WarnUnidentified("purchase_probability_fit",
						 "A threshold on the score separates the purchases from the rest, so the slope has no finite maximum-likelihood value.");
	}
	else if (!converged)
		WarnUnidentified("purchase_probability_fit",
						 "The likelihood has no finite maximum the search could reach.");
	/* back from the standardized score */
	param[1] = theta[1] / d.scale;
	param[0] = theta[0] - param[1] * d.mean;
	return ModelRow(fcinfo, param, 2, log_likelihood, (int64) d.total_weight, converged);
}
