/*
 * warmth_triggers.h — the warmth triggers' per-backend caches.
 */
#ifndef WARMTH_TRIGGERS_H
#define WARMTH_TRIGGERS_H

extern void RegisterWarmthCaches(void);

#endif							/* WARMTH_TRIGGERS_H */
