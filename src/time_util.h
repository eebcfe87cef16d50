/*
 * time_util.h — elapsed time between instants, the way every rule counts it.
 */
#ifndef TIME_UTIL_H
#define TIME_UTIL_H

#include "datatype/timestamp.h"

extern int64 ElapsedMicroseconds(TimestampTz from, TimestampTz to);
extern int64 ElapsedWholeDays(TimestampTz from, TimestampTz to);

#endif							/* TIME_UTIL_H */
