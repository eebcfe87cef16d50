/*
 * time_util.c — elapsed time between two instants, for recency rules.
 *
 * Elapsed time is measured in absolute microseconds, never in calendar days,
 * so that results do not depend on the session's time zone and the scoring
 * functions can stay IMMUTABLE.  An instant in the future counts as now;
 * infinite instants and differences too large for int64 saturate.
 */
#include "postgres.h"

#include "common/int.h"
#include "fmgr.h"
#include "utils/timestamp.h"

#include "time_util.h"

/* ElapsedMicroseconds — max(0, to - from), saturated at PG_INT64_MAX. */
int64
ElapsedMicroseconds(TimestampTz from, TimestampTz to)
{
	int64		elapsed;

	if (to <= from)
		return 0;
	if (TIMESTAMP_NOT_FINITE(from) || TIMESTAMP_NOT_FINITE(to) ||
		pg_sub_s64_overflow(to, from, &elapsed))
		return PG_INT64_MAX;
	return elapsed;
}

/*
 * ElapsedWholeDays — whole 24-hour periods from `from` to `to`, rounded down;
 * exact across the whole timestamp range (the microseconds between its ends
 * do not fit in int64, so the days are counted in 128 bits).
 */
int64
ElapsedWholeDays(TimestampTz from, TimestampTz to)
{
	if (to <= from)
		return 0;
	if (TIMESTAMP_NOT_FINITE(from) || TIMESTAMP_NOT_FINITE(to))
		return PG_INT64_MAX;
	return (int64) (((int128) to - (int128) from) / USECS_PER_DAY);
}

/* whole_days_between(from, to) — whole 24-hour periods, 0 when to <= from. */
PG_FUNCTION_INFO_V1(whole_days_between);
Datum
whole_days_between(PG_FUNCTION_ARGS)
{
	int64		days = ElapsedWholeDays(PG_GETARG_TIMESTAMPTZ(0),
										PG_GETARG_TIMESTAMPTZ(1));

	PG_RETURN_INT32(days > PG_INT32_MAX ? PG_INT32_MAX : (int32) days);
}
