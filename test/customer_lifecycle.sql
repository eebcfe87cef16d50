-- test/customer_lifecycle.sql — pgTAP tests of the customer lifecycle rules
-- (SPEC §3.5, §4 "Decisions"):
--   * the pure rule functions at every edge, on both sides:
--     lifecycle_stage_for (0 orders with/without activity, 1/2/4/5 orders,
--     last order 180 vs 181 whole days before as_of, inactive precedence,
--     NULLs, errors), customer_type_for (precedence inactive > vip > repeat >
--     new, the VIP threshold exactly and one cent below, custom thresholds),
--     call_priority (bases, every lifetime-value tier edge, drop-off, cap,
--     custom and bad tiers), next_action (every band edge), offer_type (each
--     rule and the first-match order), next_occurrence (29 February in leap
--     and common years, year-end wrap, same day, bad leap_day);
--   * the orders trigger on real rows: totals, first/last order, stage
--     (lead → first_buyer → repeat_buyer → loyal, inactive) and type
--     (new → repeat → vip) through INSERT, status UPDATEs and DELETE; pending
--     and cancelled orders do not count; activity makes a lead a prospect;
--   * refresh_customer_lifecycle(as_of) turns buyers inactive with time.
-- Everything is rolled back.  TimeZone is UTC so that the fixed instants
-- below read the same everywhere.
-- Needs: CREATE EXTENSION pgtap; CREATE EXTENSION customer_scoring;
BEGIN;
SET LOCAL TimeZone = 'UTC';
SELECT plan(190);

-- ===========================================================================
-- lifecycle_stage_for(completed_orders, last_order_at, has_activity, as_of)
-- ===========================================================================
-- as_of is fixed at 2025-06-30 12:00 UTC throughout.

SELECT is(lifecycle_stage_for(0, NULL, false, '2025-06-30 12:00+00'), 'lead'::lifecycle_stage,
          'lifecycle_stage_for: 0 orders, no activity = lead');
SELECT is(lifecycle_stage_for(0, NULL, true, '2025-06-30 12:00+00'), 'prospect'::lifecycle_stage,
          'lifecycle_stage_for: 0 orders, activity = prospect');
SELECT is(lifecycle_stage_for(NULL, NULL, NULL, '2025-06-30 12:00+00'), 'lead'::lifecycle_stage,
          'lifecycle_stage_for: NULL orders and NULL activity = lead (NULL = 0 / none)');
SELECT is(lifecycle_stage_for(NULL, NULL, true, '2025-06-30 12:00+00'), 'prospect'::lifecycle_stage,
          'lifecycle_stage_for: NULL orders with activity = prospect');
SELECT is(lifecycle_stage_for(0, '2024-01-01 00:00+00', true, '2025-06-30 12:00+00'), 'prospect'::lifecycle_stage,
          'lifecycle_stage_for: 0 orders is never inactive, even with an old last_order_at');
SELECT is(lifecycle_stage_for(1, '2025-06-29 12:00+00', false, '2025-06-30 12:00+00'), 'first_buyer'::lifecycle_stage,
          'lifecycle_stage_for: 1 order = first_buyer');
SELECT is(lifecycle_stage_for(1, '2025-06-29 12:00+00', true, '2025-06-30 12:00+00'), 'first_buyer'::lifecycle_stage,
          'lifecycle_stage_for: 1 order with activity = first_buyer (orders win over activity)');
SELECT is(lifecycle_stage_for(2, '2025-06-29 12:00+00', false, '2025-06-30 12:00+00'), 'repeat_buyer'::lifecycle_stage,
          'lifecycle_stage_for: 2 orders = repeat_buyer');
SELECT is(lifecycle_stage_for(4, '2025-06-29 12:00+00', false, '2025-06-30 12:00+00'), 'repeat_buyer'::lifecycle_stage,
          'lifecycle_stage_for: 4 orders = repeat_buyer');
SELECT is(lifecycle_stage_for(5, '2025-06-29 12:00+00', false, '2025-06-30 12:00+00'), 'loyal'::lifecycle_stage,
          'lifecycle_stage_for: 5 orders = loyal');
SELECT is(lifecycle_stage_for(2147483647, '2025-06-29 12:00+00', false, '2025-06-30 12:00+00'), 'loyal'::lifecycle_stage,
          'lifecycle_stage_for: 2147483647 orders = loyal');
SELECT is(lifecycle_stage_for(1, NULL, false, '2025-06-30 12:00+00'), 'first_buyer'::lifecycle_stage,
          'lifecycle_stage_for: 1 order with unknown last_order_at = first_buyer (not inactive)');
-- 180 vs 181 whole days (2025-06-30 12:00 minus 180 days = 2025-01-01 12:00)
SELECT is(lifecycle_stage_for(5, '2025-01-01 12:00+00', false, '2025-06-30 12:00+00'), 'loyal'::lifecycle_stage,
          'lifecycle_stage_for: 5 orders, last exactly 180 days before = loyal');
SELECT is(lifecycle_stage_for(5, '2024-12-31 12:00:00.000001+00', false, '2025-06-30 12:00+00'), 'loyal'::lifecycle_stage,
          'lifecycle_stage_for: 5 orders, last 180 days 23:59:59.999999 before (180 whole days) = loyal');
SELECT is(lifecycle_stage_for(5, '2024-12-31 12:00+00', false, '2025-06-30 12:00+00'), 'inactive'::lifecycle_stage,
          'lifecycle_stage_for: 5 orders, last exactly 181 days before = inactive');
SELECT is(lifecycle_stage_for(1, '2025-01-01 12:00+00', false, '2025-06-30 12:00+00'), 'first_buyer'::lifecycle_stage,
          'lifecycle_stage_for: 1 order 180 days before = first_buyer');
SELECT is(lifecycle_stage_for(1, '2024-12-31 12:00+00', false, '2025-06-30 12:00+00'), 'inactive'::lifecycle_stage,
          'lifecycle_stage_for: 1 order 181 days before = inactive (precedence over first_buyer)');
SELECT is(lifecycle_stage_for(3, '2024-12-31 12:00+00', true, '2025-06-30 12:00+00'), 'inactive'::lifecycle_stage,
          'lifecycle_stage_for: 3 orders 181 days before, with activity = inactive (precedence over repeat_buyer)');
SELECT is(lifecycle_stage_for(5, '2025-12-31 12:00+00', false, '2025-06-30 12:00+00'), 'loyal'::lifecycle_stage,
          'lifecycle_stage_for: last order after as_of counts as now = loyal');
SELECT is(lifecycle_stage_for(5, '-infinity', false, '2025-06-30 12:00+00'), 'inactive'::lifecycle_stage,
          'lifecycle_stage_for: last order at -infinity = inactive');
-- the same day is measured in 24-hour periods, not calendar days, whatever the TimeZone
SELECT is(lifecycle_stage_for(2, '2025-01-01 12:00+05', false, '2025-06-30 12:00+00'), 'repeat_buyer'::lifecycle_stage,
          'lifecycle_stage_for: last order 180 days 5 hours before (an offset in the literal) = repeat_buyer');
-- default as_of = now(), named arguments
SELECT is(lifecycle_stage_for(2, now() - interval '181 days', false), 'inactive'::lifecycle_stage,
          'lifecycle_stage_for: default as_of = now(): last order 181 days ago = inactive');
SELECT is(lifecycle_stage_for(2, now() - interval '180 days', false), 'repeat_buyer'::lifecycle_stage,
          'lifecycle_stage_for: default as_of = now(): last order 180 days ago = repeat_buyer');
SELECT is(lifecycle_stage_for(has_activity => false, as_of => '2025-06-30 12:00+00',
                              completed_orders => 5, last_order_at => '2025-06-01 00:00+00'),
          'loyal'::lifecycle_stage, 'lifecycle_stage_for with named arguments = loyal');
-- errors
SELECT throws_ok($$SELECT lifecycle_stage_for(-1, NULL, false, '2025-06-30 12:00+00')$$,
                 '22023', 'completed_orders must not be negative',
                 'lifecycle_stage_for: negative completed_orders → 22023');
SELECT throws_ok($$SELECT lifecycle_stage_for(-2147483648, now(), true, now())$$,
                 '22023', 'completed_orders must not be negative',
                 'lifecycle_stage_for: completed_orders -2147483648 → 22023');
SELECT throws_ok($$SELECT lifecycle_stage_for(1, now(), false, NULL)$$,
                 '22004', 'as_of must not be null',
                 'lifecycle_stage_for: NULL as_of → 22004');
SELECT throws_ok($$SELECT lifecycle_stage_for(0, NULL, false, NULL)$$,
                 '22004', 'as_of must not be null',
                 'lifecycle_stage_for: NULL as_of → 22004 also without orders');

-- ===========================================================================
-- customer_type_for(completed_orders, last_order_at, lifetime_value,
--                   vip_threshold, as_of): inactive > vip > repeat > new
-- ===========================================================================

SELECT is(customer_type_for(0, NULL, 0, 100000, '2025-06-30 12:00+00'), 'new'::customer_type,
          'customer_type_for: no orders = new');
SELECT is(customer_type_for(NULL, NULL, NULL, 100000, '2025-06-30 12:00+00'), 'new'::customer_type,
          'customer_type_for: NULL orders and NULL lifetime value = new');
SELECT is(customer_type_for(1, '2025-06-29 12:00+00', 50, 100000, '2025-06-30 12:00+00'), 'new'::customer_type,
          'customer_type_for: 1 recent order = new');
SELECT is(customer_type_for(1, '2025-03-01 12:00+00', 50, 100000, '2025-06-30 12:00+00'), 'new'::customer_type,
          'customer_type_for: 1 order 121 days ago (not inactive, not repeat) = new');
SELECT is(customer_type_for(2, '2025-06-29 12:00+00', 100, 100000, '2025-06-30 12:00+00'), 'repeat'::customer_type,
          'customer_type_for: 2 orders = repeat');
SELECT is(customer_type_for(40, '2025-06-29 12:00+00', 99999.99, 100000, '2025-06-30 12:00+00'), 'repeat'::customer_type,
          'customer_type_for: 40 orders, lifetime value 99999.99 (one cent below) = repeat');
SELECT is(customer_type_for(40, '2025-06-29 12:00+00', 100000, 100000, '2025-06-30 12:00+00'), 'vip'::customer_type,
          'customer_type_for: 40 orders, lifetime value exactly 100000 = vip (vip > repeat)');
SELECT is(customer_type_for(1, '2025-06-29 12:00+00', 100000.00, 100000, '2025-06-30 12:00+00'), 'vip'::customer_type,
          'customer_type_for: 1 order of 100000.00 = vip (vip > new)');
SELECT is(customer_type_for(1, '2025-06-29 12:00+00', 99999.99, 100000, '2025-06-30 12:00+00'), 'new'::customer_type,
          'customer_type_for: 1 order of 99999.99 = new');
SELECT is(customer_type_for(5, '2025-01-01 12:00+00', 250000, 100000, '2025-06-30 12:00+00'), 'vip'::customer_type,
          'customer_type_for: VIP whose last order was 180 days ago = vip');
SELECT is(customer_type_for(5, '2024-12-31 12:00+00', 250000, 100000, '2025-06-30 12:00+00'), 'inactive'::customer_type,
          'customer_type_for: VIP whose last order was 181 days ago = inactive (inactive > vip)');
SELECT is(customer_type_for(3, '2024-12-31 12:00+00', 300, 100000, '2025-06-30 12:00+00'), 'inactive'::customer_type,
          'customer_type_for: 3 orders, last 181 days ago = inactive (inactive > repeat)');
SELECT is(customer_type_for(1, '2024-12-31 12:00+00', 30, 100000, '2025-06-30 12:00+00'), 'inactive'::customer_type,
          'customer_type_for: 1 order 181 days ago = inactive (inactive > new)');
SELECT is(customer_type_for(0, '2020-01-01 00:00+00', 0, 100000, '2025-06-30 12:00+00'), 'new'::customer_type,
          'customer_type_for: no orders is never inactive');
-- custom threshold
SELECT is(customer_type_for(1, '2025-06-29 12:00+00', 500, 500, '2025-06-30 12:00+00'), 'vip'::customer_type,
          'customer_type_for: custom vip_threshold 500, lifetime value 500 = vip');
SELECT is(customer_type_for(1, '2025-06-29 12:00+00', 499.99, 500, '2025-06-30 12:00+00'), 'new'::customer_type,
          'customer_type_for: custom vip_threshold 500, lifetime value 499.99 = new');
SELECT is(customer_type_for(2, '2025-06-29 12:00+00', 499.99, 500, '2025-06-30 12:00+00'), 'repeat'::customer_type,
          'customer_type_for: custom vip_threshold 500, 2 orders of 499.99 in all = repeat');
SELECT is(customer_type_for(2, '2025-06-29 12:00+00', 1000000.005, 1000000.005, '2025-06-30 12:00+00'), 'vip'::customer_type,
          'customer_type_for: vip_threshold with 3 decimals compared exactly (equal = vip)');
SELECT is(customer_type_for(2, '2025-06-29 12:00+00', 1000000.004, 1000000.005, '2025-06-30 12:00+00'), 'repeat'::customer_type,
          'customer_type_for: vip_threshold with 3 decimals compared exactly (0.001 below = repeat)');
-- defaults and named arguments
SELECT is(customer_type_for(1, now(), 100000), 'vip'::customer_type,
          'customer_type_for: default vip_threshold is 100000');
SELECT is(customer_type_for(1, now(), 99999.99), 'new'::customer_type,
          'customer_type_for: default vip_threshold 100000, 99999.99 = new');
SELECT is(customer_type_for(2, now() - interval '181 days', 1), 'inactive'::customer_type,
          'customer_type_for: default as_of = now(): last order 181 days ago = inactive');
SELECT is(customer_type_for(lifetime_value => 750, vip_threshold => 700, completed_orders => 1,
                            last_order_at => '2025-06-29 00:00+00', as_of => '2025-06-30 00:00+00'),
          'vip'::customer_type, 'customer_type_for with named arguments = vip');
-- errors
SELECT throws_ok($$SELECT customer_type_for(-1, now(), 10, 100000, now())$$,
                 '22023', 'completed_orders must not be negative',
                 'customer_type_for: negative completed_orders → 22023');
SELECT throws_ok($$SELECT customer_type_for(1, now(), -0.01, 100000, now())$$,
                 '22023', 'lifetime_value must not be negative',
                 'customer_type_for: negative lifetime_value → 22023');
SELECT throws_ok($$SELECT customer_type_for(1, now(), 10, -1, now())$$,
                 '22023', 'vip_threshold must not be negative',
                 'customer_type_for: negative vip_threshold → 22023');
SELECT throws_ok($$SELECT customer_type_for(1, now(), 10, NULL, now())$$,
                 '22004', 'vip_threshold must not be null',
                 'customer_type_for: NULL vip_threshold → 22004');
SELECT throws_ok($$SELECT customer_type_for(1, now(), 10, 100000, NULL)$$,
                 '22004', 'as_of must not be null',
                 'customer_type_for: NULL as_of → 22004');
SELECT throws_ok($$SELECT customer_type_for(1, now(), 'NaN', 100000, now())$$,
                 '22023', 'lifetime_value must not be NaN',
                 'customer_type_for: NaN lifetime_value → 22023');

-- ===========================================================================
-- call_priority(temperature, lifetime_value, recent_dropoff, ltv_tiers)
-- ===========================================================================

SELECT is(call_priority('hot', 0, false), 6, 'call_priority: hot base = 6');
SELECT is(call_priority('warm', 0, false), 3, 'call_priority: warm base = 3');
SELECT is(call_priority('cold', 0, false), 1, 'call_priority: cold base = 1');
SELECT is(call_priority('cold', 9999.99, false), 1, 'call_priority: cold, LTV 9999.99 = 1 (no tier)');
SELECT is(call_priority('cold', 10000, false), 2, 'call_priority: cold, LTV 10000 = 2 (tier 1)');
SELECT is(call_priority('cold', 49999.99, false), 2, 'call_priority: cold, LTV 49999.99 = 2');
SELECT is(call_priority('cold', 50000, false), 3, 'call_priority: cold, LTV 50000 = 3 (tier 2)');
SELECT is(call_priority('cold', 99999.99, false), 3, 'call_priority: cold, LTV 99999.99 = 3');
SELECT is(call_priority('cold', 100000, false), 4, 'call_priority: cold, LTV 100000 = 4 (tier 3)');
SELECT is(call_priority('cold', 1e12, false), 4, 'call_priority: cold, LTV 10^12 = 4 (3 tiers at most)');
SELECT is(call_priority('warm', 10000, false), 4, 'call_priority: warm, LTV 10000 = 4');
SELECT is(call_priority('warm', 50000, false), 5, 'call_priority: warm, LTV 50000 = 5');
SELECT is(call_priority('warm', 100000, false), 6, 'call_priority: warm, LTV 100000 = 6');
SELECT is(call_priority('hot', 9999.99, false), 6, 'call_priority: hot, LTV 9999.99 = 6');
SELECT is(call_priority('hot', 10000, false), 7, 'call_priority: hot, LTV 10000 = 7');
SELECT is(call_priority('hot', 99999.99, false), 8, 'call_priority: hot, LTV 99999.99 = 8');
SELECT is(call_priority('hot', 100000, false), 9, 'call_priority: hot, LTV 100000 = 9');
-- drop-off +1, cap at 10
SELECT is(call_priority('cold', 0, true), 2, 'call_priority: cold + drop-off = 2');
SELECT is(call_priority('warm', 0, true), 4, 'call_priority: warm + drop-off = 4');
SELECT is(call_priority('hot', 0, true), 7, 'call_priority: hot + drop-off = 7');
SELECT is(call_priority('warm', 100000, true), 7, 'call_priority: warm, LTV 100000, drop-off = 7');
SELECT is(call_priority('hot', 50000, true), 9, 'call_priority: hot, LTV 50000, drop-off = 9');
SELECT is(call_priority('hot', 100000, true), 10, 'call_priority: hot, LTV 100000, drop-off = 10');
SELECT is(call_priority('hot', 5, true, '{1,2,3,4,5}'), 10,
          'call_priority: hot + 5 tiers + drop-off (12) is capped at 10');
SELECT is(call_priority('hot', 4, false, '{1,2,3,4,5}'), 10,
          'call_priority: hot + 4 tiers (10) = 10');
-- custom tiers
SELECT is(call_priority('warm', 99.99, false, '{100,200}'), 3, 'call_priority: custom tiers {100,200}, LTV 99.99 = 3');
SELECT is(call_priority('warm', 100, false, '{100,200}'), 4, 'call_priority: custom tiers {100,200}, LTV 100 = 4');
SELECT is(call_priority('warm', 199.99, false, '{100,200}'), 4, 'call_priority: custom tiers {100,200}, LTV 199.99 = 4');
SELECT is(call_priority('warm', 200, false, '{100,200}'), 5, 'call_priority: custom tiers {100,200}, LTV 200 = 5');
SELECT is(call_priority('warm', 1e9, false, '{}'), 3, 'call_priority: no tiers = base only');
SELECT is(call_priority('cold', 0, false, '{0}'), 2, 'call_priority: a tier at 0 is reached by LTV 0');
SELECT is(call_priority(ltv_tiers => '{10}', recent_dropoff => true, lifetime_value => 10, temperature => 'warm'), 5,
          'call_priority with named arguments = 5');
SELECT is(call_priority('hot', NULL, false), NULL, 'call_priority is strict: NULL lifetime value = NULL');
-- errors
SELECT throws_ok($$SELECT call_priority('warm', 100, false, '{100,100}')$$,
                 '22023', 'ltv_tiers must be strictly increasing',
                 'call_priority: repeated tier → 22023');
SELECT throws_ok($$SELECT call_priority('warm', 100, false, '{50000,10000}')$$,
                 '22023', 'ltv_tiers must be strictly increasing',
                 'call_priority: decreasing tiers → 22023');
SELECT throws_ok($$SELECT call_priority('warm', 100, false, '{10,20,5}')$$,
                 '22023', 'ltv_tiers must be strictly increasing',
                 'call_priority: tiers decreasing at the end → 22023');
SELECT throws_ok($$SELECT call_priority('warm', -0.01, false)$$,
                 '22023', 'lifetime_value must not be negative',
                 'call_priority: negative lifetime_value → 22023');
SELECT throws_ok($$SELECT call_priority('warm', 100, false, '{10,NULL}')$$,
                 '22004', 'ltv_tiers must not contain nulls',
                 'call_priority: a NULL tier → 22004');

-- ===========================================================================
-- next_action(priority)
-- ===========================================================================

SELECT is(next_action(1), 'Add to nurture campaign', 'next_action(1) = nurture campaign');
SELECT is(next_action(3), 'Add to nurture campaign', 'next_action(3) = nurture campaign');
SELECT is(next_action(4), 'Send a WhatsApp follow-up this week', 'next_action(4) = WhatsApp follow-up');
SELECT is(next_action(6), 'Send a WhatsApp follow-up this week', 'next_action(6) = WhatsApp follow-up');
SELECT is(next_action(7), 'Call within 3 days', 'next_action(7) = call within 3 days');
SELECT is(next_action(8), 'Call within 3 days', 'next_action(8) = call within 3 days');
SELECT is(next_action(9), 'URGENT: Call within 24 hours', 'next_action(9) = urgent call');
SELECT is(next_action(10), 'URGENT: Call within 24 hours', 'next_action(10) = urgent call');
SELECT throws_ok('SELECT next_action(0)', '22003', 'priority must be between 1 and 10',
                 'next_action(0) → 22003');
SELECT throws_ok('SELECT next_action(11)', '22003', 'priority must be between 1 and 10',
                 'next_action(11) → 22003');
SELECT throws_ok('SELECT next_action(-2147483648)', '22003', 'priority must be between 1 and 10',
                 'next_action(-2147483648) → 22003');

-- ===========================================================================
-- offer_type(temperature, lifecycle_stage, completed_orders, recent_dropoff)
-- ===========================================================================

SELECT is(offer_type('hot', 'loyal', 12, true), 'Cart recovery discount',
          'offer_type: a recent drop-off wins over everything (hot loyal)');
SELECT is(offer_type('cold', 'lead', 0, true), 'Cart recovery discount',
          'offer_type: a recent drop-off wins over everything (cold lead)');
SELECT is(offer_type('hot', 'repeat_buyer', 2, false), 'Premium product upsell',
          'offer_type: hot repeat_buyer = premium upsell');
SELECT is(offer_type('hot', 'loyal', 5, false), 'Premium product upsell',
          'offer_type: hot loyal = premium upsell');
SELECT is(offer_type('hot', 'first_buyer', 1, false), 'Cross-sell accessories',
          'offer_type: hot first_buyer = cross-sell');
SELECT is(offer_type('hot', 'prospect', 0, false), 'Cross-sell accessories',
          'offer_type: hot prospect (no orders) = cross-sell (hot before welcome)');
SELECT is(offer_type('hot', 'inactive', 7, false), 'Cross-sell accessories',
          'offer_type: hot inactive = cross-sell');
SELECT is(offer_type('warm', 'loyal', 9, false), 'Loyalty discount',
          'offer_type: warm loyal = loyalty discount (premium needs hot)');
SELECT is(offer_type('warm', 'lead', 0, false), 'Loyalty discount',
          'offer_type: warm lead (no orders) = loyalty discount (warm before welcome)');
SELECT is(offer_type('cold', 'inactive', 3, false), 'Reactivation offer',
          'offer_type: cold with orders = reactivation');
SELECT is(offer_type('cold', 'loyal', 1, false), 'Reactivation offer',
          'offer_type: cold with 1 order = reactivation');
SELECT is(offer_type('cold', 'lead', 0, false), 'Welcome offer',
          'offer_type: cold, no orders = welcome');
SELECT is(offer_type('cold', 'prospect', 0, false), 'Welcome offer',
          'offer_type: cold prospect, no orders = welcome');
SELECT throws_ok($$SELECT offer_type('cold', 'lead', -1, false)$$,
                 '22023', 'completed_orders must not be negative',
                 'offer_type: negative completed_orders → 22023');

-- ===========================================================================
-- next_occurrence(event_date, from_date, leap_day)
-- ===========================================================================

SELECT is(next_occurrence('2000-02-29', '2025-01-01', 'feb28'), '2025-02-28'::date,
          'next_occurrence: 29 Feb in a common year, feb28 = 28 Feb');
SELECT is(next_occurrence('2000-02-29', '2025-01-01', 'mar1'), '2025-03-01'::date,
          'next_occurrence: 29 Feb in a common year, mar1 = 1 Mar');
SELECT is(next_occurrence('2000-02-29', '2025-01-01'), '2025-02-28'::date,
          'next_occurrence: default leap_day is feb28');
SELECT is(next_occurrence('2000-02-29', '2028-01-01', 'feb28'), '2028-02-29'::date,
          'next_occurrence: 29 Feb in a leap year, feb28 = 29 Feb');
SELECT is(next_occurrence('2000-02-29', '2028-01-01', 'mar1'), '2028-02-29'::date,
          'next_occurrence: 29 Feb in a leap year, mar1 = 29 Feb');
SELECT is(next_occurrence('2000-02-29', '2028-02-29', 'feb28'), '2028-02-29'::date,
          'next_occurrence: 29 Feb on 29 Feb of a leap year = the same day');
SELECT is(next_occurrence('2000-02-29', '2025-02-28', 'feb28'), '2025-02-28'::date,
          'next_occurrence: feb28, from 28 Feb of a common year = the same day');
SELECT is(next_occurrence('2000-02-29', '2025-03-01', 'feb28'), '2026-02-28'::date,
          'next_occurrence: feb28, from 1 Mar of a common year = 28 Feb next year');
SELECT is(next_occurrence('2000-02-29', '2025-03-01', 'mar1'), '2025-03-01'::date,
          'next_occurrence: mar1, from 1 Mar of a common year = the same day');
SELECT is(next_occurrence('2000-02-29', '2025-03-02', 'mar1'), '2026-03-01'::date,
          'next_occurrence: mar1, from 2 Mar of a common year = 1 Mar next year');
SELECT is(next_occurrence('2000-02-29', '2027-03-01', 'feb28'), '2028-02-29'::date,
          'next_occurrence: from 1 Mar 2027 the next one is 29 Feb 2028');
SELECT is(next_occurrence('2000-02-29', '2028-03-01', 'feb28'), '2029-02-28'::date,
          'next_occurrence: from 1 Mar 2028, feb28 = 28 Feb 2029');
SELECT is(next_occurrence('2000-02-29', '2028-03-01', 'mar1'), '2029-03-01'::date,
          'next_occurrence: from 1 Mar 2028, mar1 = 1 Mar 2029');
SELECT is(next_occurrence('1999-02-28', '2028-02-29', 'mar1'), '2029-02-28'::date,
          'next_occurrence: a 28 Feb date is never moved, and 28 Feb is past on 29 Feb');
SELECT is(next_occurrence('1999-03-01', '2028-02-29', 'feb28'), '2028-03-01'::date,
          'next_occurrence: a 1 Mar date in a leap year = 1 Mar');
-- year end
SELECT is(next_occurrence('1980-01-01', '2025-12-31'), '2026-01-01'::date,
          'next_occurrence: 1 Jan seen from 31 Dec wraps to next year');
SELECT is(next_occurrence('1980-12-31', '2025-12-31') - '2025-12-31'::date, 0,
          'next_occurrence: 31 Dec seen from 31 Dec = same day (0 days)');
SELECT is(next_occurrence('1980-12-31', '2026-01-01'), '2026-12-31'::date,
          'next_occurrence: 31 Dec seen from 1 Jan = this year''s 31 Dec');
SELECT is(next_occurrence('1985-06-15', '2025-06-15'), '2025-06-15'::date,
          'next_occurrence: on the day itself = today');
SELECT is(next_occurrence('1985-06-15', '2025-06-16'), '2026-06-15'::date,
          'next_occurrence: one day after = next year');
SELECT is(next_occurrence('1985-06-15', '2025-06-14'), '2025-06-15'::date,
          'next_occurrence: one day before = tomorrow');
SELECT is(next_occurrence('2030-06-15', '2025-01-01'), '2025-06-15'::date,
          'next_occurrence: an event date after from_date recurs in from_date''s year');
SELECT is(next_occurrence(leap_day => 'mar1', from_date => '2026-01-01', event_date => '2004-02-29'), '2026-03-01'::date,
          'next_occurrence with named arguments');
-- errors
SELECT throws_ok($$SELECT next_occurrence('2000-02-29', '2025-01-01', 'x')$$,
                 '22P02', 'invalid leap_day: "x"', 'next_occurrence: bad leap_day → 22P02');
SELECT throws_ok($$SELECT next_occurrence('2000-02-29', '2025-01-01', '')$$,
                 '22P02', 'invalid leap_day: ""', 'next_occurrence: empty leap_day → 22P02');
SELECT throws_ok($$SELECT next_occurrence('infinity', '2025-01-01')$$,
                 '22023', 'dates must be finite', 'next_occurrence: infinite event_date → 22023');

-- ===========================================================================
-- the orders trigger on real rows
-- ===========================================================================
-- The trigger classifies as of the transaction's start (= now() here), with
-- the VIP threshold of the setting vip_threshold.

UPDATE customer_scoring_settings SET value = '1000' WHERE name = 'vip_threshold';

-- "orders/lifetime_value/stage/type" of a customer, for compact assertions
CREATE FUNCTION pg_temp.state(bigint) RETURNS text LANGUAGE sql AS $$
    SELECT format('%s/%s/%s/%s', total_orders, lifetime_value, lifecycle_stage, customer_type)
    FROM customers WHERE id = $1
$$;

INSERT INTO customers (id, first_name, last_name) VALUES
    (7300001, 'Lara',  'Lifecycle'),   -- lead → first_buyer → repeat_buyer → loyal, vip
    (7300002, 'Otto',  'Oldorder'),    -- only order 200 days ago
    (7300003, 'Ines',  'Interact'),    -- interaction → prospect
    (7300004, 'Bert',  'Browse'),      -- behaviour → prospect
    (7300005, 'Erik',  'Event'),       -- engagement event → prospect
    (7300006, 'Bea',   'Buyer'),       -- buyer with activity stays a buyer
    (7300007, 'Vera',  'Vip'),         -- one big order
    (7300008, 'Mona',  'Mover'),       -- receives an order moved from another customer
    (7300009, 'Edge',  'Days');        -- 180 vs 181 days

SELECT is(pg_temp.state(7300001), '0/0.00/lead/new', 'a new customer: 0 orders, 0.00, lead, new');

INSERT INTO orders (customer_id, id, ordered_at, total_amount)
VALUES (7300001, 7310001, now() - interval '10 days', 100.00);
SELECT is(pg_temp.state(7300001), '1/100.00/first_buyer/new', 'first completed order: 1, 100.00, first_buyer, new');
SELECT is((SELECT (first_order_at, last_order_at) = (now() - interval '10 days', now() - interval '10 days')
           FROM customers WHERE id = 7300001), true,
          'first completed order: first_order_at = last_order_at = its ordered_at');

INSERT INTO orders (customer_id, id, ordered_at, total_amount)
VALUES (7300001, 7310002, now() - interval '5 days', 200.50);
SELECT is(pg_temp.state(7300001), '2/300.50/repeat_buyer/repeat', 'second order: 2, 300.50, repeat_buyer, repeat');
SELECT is((SELECT (first_order_at, last_order_at) = (now() - interval '10 days', now() - interval '5 days')
           FROM customers WHERE id = 7300001), true,
          'second order: first_order_at stays, last_order_at moves');

INSERT INTO orders (customer_id, id, ordered_at, total_amount, status) VALUES
    (7300001, 7310003, now() - interval '1 day', 5000, 'pending'),
    (7300001, 7310004, now() - interval '1 day', 7000, 'cancelled'),
    (7300001, 7310005, now() - interval '1 day', 9000, 'refunded');
SELECT is(pg_temp.state(7300001), '2/300.50/repeat_buyer/repeat',
          'pending, cancelled and refunded orders do not count');
SELECT is((SELECT last_order_at = now() - interval '5 days' FROM customers WHERE id = 7300001), true,
          'a newer pending order does not move last_order_at');

INSERT INTO orders (customer_id, id, ordered_at, total_amount) VALUES
    (7300001, 7310006, now() - interval '4 days', 100.00),
    (7300001, 7310007, now() - interval '3 days', 100.00);
SELECT is(pg_temp.state(7300001), '4/500.50/repeat_buyer/repeat', '4 orders: still repeat_buyer');

INSERT INTO orders (customer_id, id, ordered_at, total_amount)
VALUES (7300001, 7310008, now() - interval '2 days', 499.49);
SELECT is(pg_temp.state(7300001), '5/999.99/loyal/repeat',
          '5 orders: loyal; lifetime value 999.99, one cent below the VIP threshold 1000: repeat');

UPDATE orders SET total_amount = 499.50 WHERE customer_id = 7300001 AND id = 7310008;
SELECT is(pg_temp.state(7300001), '5/1000.00/loyal/vip',
          'raising an order amount to reach exactly the threshold 1000: vip');

UPDATE orders SET status = 'completed' WHERE customer_id = 7300001 AND id = 7310003;
SELECT is(pg_temp.state(7300001), '6/6000.00/loyal/vip', 'UPDATE pending → completed counts the order');
SELECT is((SELECT last_order_at = now() - interval '1 day' FROM customers WHERE id = 7300001), true,
          'UPDATE pending → completed moves last_order_at');

UPDATE orders SET status = 'cancelled' WHERE customer_id = 7300001 AND id = 7310003;
SELECT is(pg_temp.state(7300001), '5/1000.00/loyal/vip', 'UPDATE completed → cancelled decrements');
SELECT is((SELECT last_order_at = now() - interval '2 days' FROM customers WHERE id = 7300001), true,
          'UPDATE completed → cancelled moves last_order_at back');

UPDATE orders SET status = 'cancelled' WHERE customer_id = 7300001 AND id = 7310008;
SELECT is(pg_temp.state(7300001), '4/500.50/repeat_buyer/repeat',
          'cancelling the fifth order: back to repeat_buyer and repeat');

DELETE FROM orders WHERE customer_id = 7300001 AND id = 7310001;
SELECT is(pg_temp.state(7300001), '3/400.50/repeat_buyer/repeat', 'DELETE of the first order recomputes');
SELECT is((SELECT first_order_at = now() - interval '5 days' FROM customers WHERE id = 7300001), true,
          'DELETE of the first order moves first_order_at');

DELETE FROM orders WHERE customer_id = 7300001 AND status = 'cancelled';
SELECT is(pg_temp.state(7300001), '3/400.50/repeat_buyer/repeat', 'DELETE of cancelled orders changes nothing');

-- moving an order to another customer recomputes both
UPDATE orders SET customer_id = 7300008 WHERE customer_id = 7300001 AND id = 7310002;
SELECT is(pg_temp.state(7300001) || ' | ' || pg_temp.state(7300008),
          '2/200.00/repeat_buyer/repeat | 1/200.50/first_buyer/new',
          'moving an order to another customer recomputes the old and the new customer');

DELETE FROM orders WHERE customer_id = 7300001;
SELECT is(pg_temp.state(7300001), '0/0.00/lead/new', 'deleting every order: 0, 0.00, back to lead, new');
SELECT is((SELECT first_order_at IS NULL AND last_order_at IS NULL FROM customers WHERE id = 7300001), true,
          'deleting every order: first_order_at and last_order_at are NULL');

-- an order backdated 200 days (the only order)
INSERT INTO orders (customer_id, id, ordered_at, total_amount)
VALUES (7300002, 7320001, now() - interval '200 days', 80.00);
SELECT is(pg_temp.state(7300002), '1/80.00/inactive/inactive',
          'the only order 200 days old: inactive stage and inactive type');
INSERT INTO orders (customer_id, id, ordered_at, total_amount)
VALUES (7300002, 7320002, now(), 20.00);
SELECT is(pg_temp.state(7300002), '2/100.00/repeat_buyer/repeat', 'a new order reactivates: repeat_buyer, repeat');

-- 180 vs 181 days through the trigger
INSERT INTO orders (customer_id, id, ordered_at, total_amount)
VALUES (7300009, 7390001, now() - interval '180 days', 10.00);
SELECT is(pg_temp.state(7300009), '1/10.00/first_buyer/new', 'the only order exactly 180 days old: first_buyer, new');
UPDATE orders SET ordered_at = now() - interval '181 days' WHERE customer_id = 7300009 AND id = 7390001;
SELECT is(pg_temp.state(7300009), '1/10.00/inactive/inactive',
          'UPDATE of ordered_at to exactly 181 days old: inactive, inactive');

-- vip with the setting
INSERT INTO orders (customer_id, id, total_amount) VALUES (7300007, 7370001, 999.99);
SELECT is(pg_temp.state(7300007), '1/999.99/first_buyer/new', 'one order of 999.99 with vip_threshold 1000: new');
DELETE FROM orders WHERE customer_id = 7300007;
UPDATE customer_scoring_settings SET value = '999.99' WHERE name = 'vip_threshold';
INSERT INTO orders (customer_id, id, total_amount) VALUES (7300007, 7370002, 999.99);
SELECT is(pg_temp.state(7300007), '1/999.99/first_buyer/vip', 'one order of 999.99 with vip_threshold 999.99: vip');
UPDATE customer_scoring_settings SET value = '1000' WHERE name = 'vip_threshold';
SELECT is(pg_temp.state(7300007), '1/999.99/first_buyer/vip',
          'changing the setting alone does not reclassify (until the customer is recomputed)');
UPDATE orders SET notes = 'touched' WHERE customer_id = 7300007;
SELECT is(pg_temp.state(7300007), '1/999.99/first_buyer/new',
          'any UPDATE of an order recomputes with the current vip_threshold (1000): new');

-- activity moves a lead to prospect
INSERT INTO customer_interactions (customer_id, interaction_type) VALUES (7300003, 'call');
SELECT is(pg_temp.state(7300003), '0/0.00/prospect/new', 'an interaction moves a lead to prospect');
INSERT INTO customer_behavior (customer_id, behavior_type, product_id) VALUES (7300004, 'product_view', 'P-1');
SELECT is(pg_temp.state(7300004), '0/0.00/prospect/new', 'a behaviour row moves a lead to prospect');
INSERT INTO customer_engagement_events (customer_id, engagement_type) VALUES (7300005, 'website_visit');
SELECT is(pg_temp.state(7300005), '0/0.00/prospect/new', 'an engagement event moves a lead to prospect');

INSERT INTO orders (customer_id, id, total_amount) VALUES (7300006, 7360001, 50);
INSERT INTO customer_interactions (customer_id, interaction_type) VALUES (7300006, 'whatsapp');
INSERT INTO customer_behavior (customer_id, behavior_type) VALUES (7300006, 'search');
INSERT INTO customer_engagement_events (customer_id, engagement_type) VALUES (7300006, 'inquiry');
SELECT is(pg_temp.state(7300006), '1/50.00/first_buyer/new',
          'activity does not move a buyer back to prospect');

-- a prospect who buys, then whose order is deleted, is a prospect again
INSERT INTO orders (customer_id, id, total_amount) VALUES (7300003, 7330001, 10);
SELECT is(pg_temp.state(7300003), '1/10.00/first_buyer/new', 'a prospect who buys becomes first_buyer');
DELETE FROM orders WHERE customer_id = 7300003;
SELECT is(pg_temp.state(7300003), '0/0.00/prospect/new',
          'deleting the prospect''s only order: prospect again (activity remains)');

-- the stored values equal the pure rules of the stored totals
SELECT is((SELECT count(*)::int FROM customers c
           WHERE c.id BETWEEN 7300001 AND 7300009
             AND (c.lifecycle_stage IS DISTINCT FROM
                      lifecycle_stage_for(c.total_orders, c.last_order_at,
                                          c.total_orders = 0 AND customer_has_activity(c.id), now())
                  OR c.customer_type IS DISTINCT FROM
                      customer_type_for(c.total_orders, c.last_order_at, c.lifetime_value, 1000, now()))),
          0, 'every fixture customer: stage and type = lifecycle_stage_for / customer_type_for of its totals');

-- ===========================================================================
-- refresh_customer_lifecycle(as_of): customers turn inactive with time
-- ===========================================================================

SELECT is((SELECT string_agg(format('%s:%s', id - 7300000, pg_temp.state(id)), ' ' ORDER BY id)
           FROM customers WHERE id BETWEEN 7300001 AND 7300009),
          '1:0/0.00/lead/new 2:2/100.00/repeat_buyer/repeat 3:0/0.00/prospect/new 4:0/0.00/prospect/new '
          '5:0/0.00/prospect/new 6:1/50.00/first_buyer/new 7:1/999.99/first_buyer/new '
          '8:1/200.50/first_buyer/new 9:1/10.00/inactive/inactive',
          'the fixture before the refresh');

CREATE TEMP TABLE lifecycle_expected ON COMMIT DROP AS
SELECT count(*)::bigint AS n FROM customers
WHERE total_orders > 0 AND (lifecycle_stage <> 'inactive' OR customer_type <> 'inactive');

SELECT is(refresh_customer_lifecycle(as_of => now() + interval '200 days'),
          (SELECT n FROM lifecycle_expected),
          'refresh_customer_lifecycle(now() + 200 days) returns the number of customers changed');
SELECT is((SELECT string_agg(format('%s:%s', id - 7300000, pg_temp.state(id)), ' ' ORDER BY id)
           FROM customers WHERE id BETWEEN 7300001 AND 7300009),
          '1:0/0.00/lead/new 2:2/100.00/inactive/inactive 3:0/0.00/prospect/new 4:0/0.00/prospect/new '
          '5:0/0.00/prospect/new 6:1/50.00/inactive/inactive 7:1/999.99/inactive/inactive '
          '8:1/200.50/inactive/inactive 9:1/10.00/inactive/inactive',
          'after the refresh 200 days ahead, every buyer is inactive; leads and prospects are unchanged');
SELECT ok((SELECT bool_and(updated_at <= now()) FROM customers WHERE id BETWEEN 7300001 AND 7300009),
          'refresh_customer_lifecycle(as_of in the future) does not set updated_at in the future');
SELECT is(refresh_customer_lifecycle(as_of => now() + interval '200 days'), 0::bigint,
          'a second refresh with the same as_of changes nothing and returns 0');
SELECT is(refresh_customer_lifecycle(as_of => now(), batch_size => 2),
          (SELECT n FROM lifecycle_expected),
          'refreshing back at now() (in batches of 2) reactivates the same number of customers');
SELECT is((SELECT string_agg(format('%s:%s', id - 7300000, pg_temp.state(id)), ' ' ORDER BY id)
           FROM customers WHERE id BETWEEN 7300001 AND 7300009),
          '1:0/0.00/lead/new 2:2/100.00/repeat_buyer/repeat 3:0/0.00/prospect/new 4:0/0.00/prospect/new '
          '5:0/0.00/prospect/new 6:1/50.00/first_buyer/new 7:1/999.99/first_buyer/new '
          '8:1/200.50/first_buyer/new 9:1/10.00/inactive/inactive',
          'refreshing at now() restores the trigger''s classification');
SELECT throws_ok('SELECT refresh_customer_lifecycle(NULL)', '22004', 'as_of must not be null',
                 'refresh_customer_lifecycle(NULL) → 22004');

SELECT * FROM finish();
ROLLBACK;
