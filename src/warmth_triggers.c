/*
 * warmth_triggers.c — the triggers that keep warmth current:
 *
 *   customer_warmth BEFORE INSERT/UPDATE  clamp components, recompute the
 *                                         overall score, level, probability
 *                                         (the active algorithm's logistic
 *                                         link), confidence and algorithm
 *   customer_warmth AFTER INSERT/UPDATE   one history row per score or level
 *                                         change (a row trigger)
 *   customer_engagement_events BEFORE     default "meaningful" by type
 *   customer_engagement_events AFTER      counters, last engagement, the
 *                                         engagement component from the event
 *                                         rules, one history row per event
 *   warmth_scoring_algorithms AFTER stmt  invalidate the algorithm cache
 *
 * The active algorithm is cached per backend and invalidated through the
 * relcache of warmth_scoring_algorithms, so a row costs no table look-up.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/xact.h"
#include "catalog/pg_type.h"
#include "utils/builtins.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "callsite.h"
#include "settings.h"
#include "spi_util.h"
#include "trigger_util.h"
#include "time_util.h"
#include "warmth.h"
#include "warmth_triggers.h"

/* customer_warmth's component columns, in weight order */
static const char *const warmth_component_columns[WARMTH_COMPONENTS] = {
	"engagement_score", "interaction_frequency_score", "response_rate_score",
	"budget_qualification_score", "timeline_urgency_score",
	"decision_making_authority_score", "demographic_fit_score",
	"past_purchase_behavior_score"
};

/* ----- the active algorithm, cached per backend ----- */

typedef struct ActiveAlgorithm
{
	bool		valid;
	Oid			schema;			/* extension schema it was read from */
	Oid			relid;			/* warmth_scoring_algorithms, for invalidation */
	char	   *name;			/* in TopMemoryContext */
	char	   *version;
	text	   *name_text;		/* the same as text values, for the rows */
	text	   *version_text;
	WarmthWeights weights;		/* scaled weights, exact (numeric(6,4)) */
	float8		probability_intercept;	/* the logistic link of purchase_probability */
	float8		probability_slope;
} ActiveAlgorithm;

static ActiveAlgorithm active_algorithm;

/* While set, customer_warmth's history trigger writes nothing: the engagement
 * event trigger writes its own row for the change it makes. */
static bool history_written_by_event = false;

static void
AlgorithmRelcacheCallback(Datum arg, Oid relid)
{
	if (relid == InvalidOid || relid == active_algorithm.relid)
		active_algorithm.valid = false;
}

/* RegisterWarmthCaches — called once from _PG_init. */
void
RegisterWarmthCaches(void)
{
	CacheRegisterRelcacheCallback(AlgorithmRelcacheCallback, (Datum) 0);
}

static void
SetAlgorithmNames(const char *name, const char *version)
{
	MemoryContext old = MemoryContextSwitchTo(TopMemoryContext);
	char	   *new_name = pstrdup(name);
	char	   *new_version = pstrdup(version);
	text	   *new_name_text = cstring_to_text(name);
	text	   *new_version_text = cstring_to_text(version);

	MemoryContextSwitchTo(old);
	if (active_algorithm.name)
	{
		pfree(active_algorithm.name);
		pfree(active_algorithm.version);
		pfree(active_algorithm.name_text);
		pfree(active_algorithm.version_text);
	}
	active_algorithm.name = new_name;
	active_algorithm.version = new_version;
	active_algorithm.name_text = new_name_text;
	active_algorithm.version_text = new_version_text;
}

/* The logistic link of purchase_probability without an active algorithm (SPEC §3.1). */
#define DEFAULT_PROBABILITY_INTERCEPT (-5.0)
#define DEFAULT_PROBABILITY_SLOPE 0.1

/*
 * LoadActiveAlgorithm — read the active row of warmth_scoring_algorithms; with
 * none active, the built-in SPEC weights and probability link under the name
 * "builtin".  The cache
 * is marked valid before reading, so that an invalidation arriving meanwhile
 * is not lost, and invalid again if reading fails.
 */
static void
LoadActiveAlgorithm(Oid schema)
{
	static SchemaPlan plan;
	static SchemaPlan plan_1_0;
	SpiScope	spi;
	bool		has_link;

	active_algorithm.valid = true;
	active_algorithm.schema = schema;
	active_algorithm.relid = get_relname_relid("warmth_scoring_algorithms", schema);
	/* the 1.0 schema, until ALTER EXTENSION ... UPDATE, has no probability link */
	has_link = get_attnum(active_algorithm.relid, "probability_intercept") != InvalidAttrNumber;
	PG_TRY();
	{
		SpiBegin(&spi);
		SpiAllowLocalReferenceReads();
		if (has_link)
			ExecutePlan(PrepareInSchema(&plan, schema,
										"SELECT name, version, engagement_weight, "
										"interaction_frequency_weight, response_rate_weight, "
										"budget_qualification_weight, timeline_urgency_weight, "
										"decision_authority_weight, demographic_fit_weight, "
										"past_behavior_weight, probability_intercept, "
										"probability_slope "
										"FROM @s.warmth_scoring_algorithms WHERE is_active",
										0, NULL),
						NULL, NULL, SPI_OK_SELECT);
		else
			ExecutePlan(PrepareInSchema(&plan_1_0, schema,
										"SELECT name, version, engagement_weight, "
										"interaction_frequency_weight, response_rate_weight, "
										"budget_qualification_weight, timeline_urgency_weight, "
										"decision_authority_weight, demographic_fit_weight, "
										"past_behavior_weight "
										"FROM @s.warmth_scoring_algorithms WHERE is_active",
										0, NULL),
						NULL, NULL, SPI_OK_SELECT);
		if (SPI_processed == 0)
		{
			active_algorithm.weights = WarmthWeightsDefault();
			active_algorithm.probability_intercept = DEFAULT_PROBABILITY_INTERCEPT;
			active_algorithm.probability_slope = DEFAULT_PROBABILITY_SLOPE;
			SetAlgorithmNames("builtin", "1.0");
		}
		else
		{
			HeapTuple	row = SPI_tuptable->vals[0];
			TupleDesc	desc = SPI_tuptable->tupdesc;
			Numeric		numerics[WARMTH_COMPONENTS];
			bool		isnull;

			for (int i = 0; i < WARMTH_COMPONENTS; i++)
			{
				numerics[i] = DatumGetNumeric(SPI_getbinval(row, desc, i + 3, &isnull));
				if (isnull)
					elog(ERROR, "warmth algorithm weight %d is null", i + 1);
			}
			active_algorithm.weights = WarmthWeightsFromNumerics(numerics);
			for (int i = 0; i < WARMTH_COMPONENTS; i++)
			{
				if (!active_algorithm.weights.exact[i])
					elog(ERROR, "warmth algorithm weights must have at most %d decimals",
						 CS_WEIGHT_SCALE);
				active_algorithm.weights.numeric[i] = NULL;	/* SPI memory */
			}
			active_algorithm.probability_intercept = DEFAULT_PROBABILITY_INTERCEPT;
			active_algorithm.probability_slope = DEFAULT_PROBABILITY_SLOPE;
			if (has_link)
			{
				/* NOT NULL and finite by the table's constraints */
				active_algorithm.probability_intercept =
					DatumGetFloat8(SPI_getbinval(row, desc, WARMTH_COMPONENTS + 3, &isnull));
				if (isnull)
					elog(ERROR, "warmth algorithm probability_intercept is null");
				active_algorithm.probability_slope =
					DatumGetFloat8(SPI_getbinval(row, desc, WARMTH_COMPONENTS + 4, &isnull));
				if (isnull)
					elog(ERROR, "warmth algorithm probability_slope is null");
			}
			SetAlgorithmNames(SPI_getvalue(row, desc, 1), SPI_getvalue(row, desc, 2));
		}
		SpiEnd(&spi);
	}
	PG_CATCH();
	{
		active_algorithm.valid = false;
		PG_RE_THROW();
	}
	PG_END_TRY();
}

static const ActiveAlgorithm *
GetActiveAlgorithm(Oid schema)
{
	if (!active_algorithm.valid || active_algorithm.schema != schema)
		LoadActiveAlgorithm(schema);
	return &active_algorithm;
}

static void
ForgetActiveAlgorithm(void)
{
	active_algorithm.valid = false;
}

/*
 * warmth_algorithms_changed() — AFTER statement trigger of 1.0 on the
 * algorithms table (1.1 uses cached_table_changed); kept so that a 1.0
 * installation keeps working until ALTER EXTENSION ... UPDATE.
 */
PG_FUNCTION_INFO_V1(warmth_algorithms_changed);
Datum
warmth_algorithms_changed(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = CheckTrigger(fcinfo, "warmth_algorithms_changed",
										 false, false);

	InvalidateCachedTable(fcinfo, trigdata, "warmth_scoring_algorithms",
						  ForgetActiveAlgorithm);
	return PointerGetDatum(NULL);
}

/* ----- customer_warmth BEFORE INSERT OR UPDATE ----- */

/* Column numbers of one statement's customer_warmth, kept in fn_extra. */
typedef struct WarmthColumns
{
	Oid			relid;
	Oid			schema;
	int			component[WARMTH_COMPONENTS];
	int			overall;
	int			level;
	int			probability;
	int			confidence;
	int			algorithm;
	int			version;
	int			updated_at;
	Oid			level_labels[WARMTH_LEVELS];
	TriggerRow	row;			/* the row being scored */
	ProbabilityCache *probabilities;	/* purchase probability by score */
} WarmthColumns;

static WarmthColumns *
GetWarmthColumns(FunctionCallInfo fcinfo, Relation rel)
{
	WarmthColumns *cols = (WarmthColumns *) fcinfo->flinfo->fn_extra;
	Oid			level_type;

	if (cols != NULL && cols->relid == RelationGetRelid(rel))
		return cols;

	cols = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(WarmthColumns));
	cols->relid = RelationGetRelid(rel);
	cols->schema = FunctionSchema(fcinfo);
	for (int i = 0; i < WARMTH_COMPONENTS; i++)
		cols->component[i] = TriggerColumn(rel, warmth_component_columns[i]);
	cols->overall = TriggerColumn(rel, "overall_warmth_score");
	cols->level = TriggerColumn(rel, "warmth_level");
	cols->probability = TriggerColumn(rel, "purchase_probability");
	cols->confidence = TriggerColumn(rel, "confidence_level");
	cols->algorithm = TriggerColumn(rel, "scoring_algorithm_used");
	cols->version = TriggerColumn(rel, "algorithm_version");
	cols->updated_at = TriggerColumn(rel, "updated_at");
	level_type = SPI_gettypeid(RelationGetDescr(rel), cols->level);
	for (int i = 0; i < WARMTH_LEVELS; i++)
		cols->level_labels[i] = EnumLabelOid(level_type, warmth_level_labels[i]);
	fcinfo->flinfo->fn_extra = cols;
	return cols;
}

/*
 * ClampComponent — a stored component forced into [0, 100], so that
 * "SET engagement_score = engagement_score + 15" saturates at 100; *scaled
 * gets the result in hundredths.
 */
static PackedNumeric
ClampComponent(PackedNumeric value, const char *column, ScaledNumeric *scaled)
{
	if (ScoreFastCents(value, &scaled->floor_value) &&
		scaled->floor_value <= CS_SCORE_MAX_CENTS)
	{
		scaled->exact = true;
		return value;
	}
	switch (NumericSpecial(value))
	{
		case CS_IS_NAN:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s must not be NaN", column)));
			break;
		case CS_IS_PINF:
			value = NULL;
			break;
		case CS_IS_NINF:
			*scaled = (ScaledNumeric) {.floor_value = CS_SCORE_MIN_CENTS, .exact = true};
			return PackedFromNumeric(CentsToNumeric(CS_SCORE_MIN_CENTS));
		case CS_FINITE:
			break;
	}
	if (value != NULL)
	{
		*scaled = NumericToScaled(value, 2);
		if (scaled->floor_value < CS_SCORE_MIN_CENTS)
		{
			*scaled = (ScaledNumeric) {.floor_value = CS_SCORE_MIN_CENTS, .exact = true};
			return PackedFromNumeric(CentsToNumeric(CS_SCORE_MIN_CENTS));
		}
		if (scaled->floor_value < CS_SCORE_MAX_CENTS ||
			(scaled->floor_value == CS_SCORE_MAX_CENTS && scaled->exact))
			return value;
	}
	*scaled = (ScaledNumeric) {.floor_value = CS_SCORE_MAX_CENTS, .exact = true};
	return PackedFromNumeric(CentsToNumeric(CS_SCORE_MAX_CENTS));
}

/* customer_warmth_before() — BEFORE INSERT OR UPDATE FOR EACH ROW. */
PG_FUNCTION_INFO_V1(customer_warmth_before);
Datum
customer_warmth_before(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = CheckTrigger(fcinfo, "customer_warmth_before",
										 true, true);
	Relation	rel = trigdata->tg_relation;
	TupleDesc	tupdesc = RelationGetDescr(rel);
	HeapTuple	tuple;
	WarmthColumns *cols;
	TriggerRow *row;
	const ActiveAlgorithm *algorithm;
	PackedNumeric components[WARMTH_COMPONENTS];
	ScaledNumeric scaled[WARMTH_COMPONENTS];
	Numeric		overall;
	Numeric		confidence;

	tuple = TriggerNewTuple(trigdata, "customer_warmth_before");
	cols = GetWarmthColumns(fcinfo, rel);
	algorithm = GetActiveAlgorithm(cols->schema);
	row = &cols->row;
	TriggerRowDeform(row, fcinfo->flinfo->fn_mcxt, tuple, tupdesc);

	for (int i = 0; i < WARMTH_COMPONENTS; i++)
	{
		int			att = cols->component[i];

		components[i] = NULL;
		if (row->nulls[att - 1])
			continue;
		components[i] = ClampComponent(PackedNumericArg(row->values[att - 1]),
									   warmth_component_columns[i], &scaled[i]);
		TriggerRowSet(row, att, PackedNumericGetDatum(components[i]), false);
	}

	overall = WarmthComposite(components, scaled, &algorithm->weights, &confidence);
	TriggerRowSet(row, cols->overall, NumericGetDatum(overall), overall == NULL);
	TriggerRowSet(row, cols->level,
				  overall ? ObjectIdGetDatum(cols->level_labels[WarmthLevelIndex(PackedFromNumeric(overall),
																				 "overall_warmth_score")])
				  : (Datum) 0,
				  overall == NULL);
	TriggerRowSet(row, cols->probability,
				  overall ? NumericGetDatum(CachedPurchaseProbability(&cols->probabilities,
																	  fcinfo->flinfo->fn_mcxt,
																	  PackedFromNumeric(overall),
																	  algorithm->probability_intercept,
																	  algorithm->probability_slope))
				  : (Datum) 0,
				  overall == NULL);
	TriggerRowSet(row, cols->confidence, NumericGetDatum(confidence), false);
	TriggerRowSet(row, cols->algorithm, PointerGetDatum(algorithm->name_text), false);
	TriggerRowSet(row, cols->version, PointerGetDatum(algorithm->version_text), false);
	TriggerRowSet(row, cols->updated_at,
				  TimestampTzGetDatum(GetCurrentTransactionStartTimestamp()), false);
	return PointerGetDatum(TriggerRowForm(row, tuple, tupdesc));
}

/* ----- customer_warmth_history: one row per change ----- */

/* The label of an enum value. */
static char *
EnumLabelOut(Datum value)
{
	return DatumGetCString(DirectFunctionCall1(enum_out, value));
}


static SchemaPlan history_plan;

/* A history row; NULL pointers / null flags stand for SQL NULL. */
typedef struct HistoryRow
{
	Datum		customer_id;
	Datum		warmth_id;
	Datum		snapshot;
	bool		snapshot_null;
	const char *level;
	Datum		previous;
	bool		previous_null;
	const char *change_trigger;
	const char *description;
	Datum		event_id;
	bool		event_id_null;
	const char *algorithm_version;
} HistoryRow;

static inline Datum
TextOrNull(const char *value, char *null_flag)
{
	*null_flag = value ? ' ' : 'n';
	return value ? CStringGetTextDatum(value) : (Datum) 0;
}

/* WriteHistory — insert one customer_warmth_history row; SPI-connected. */
static void
WriteHistory(Oid schema, const HistoryRow *row)
{
	Oid			types[9] = {INT8OID, INT8OID, NUMERICOID, TEXTOID, NUMERICOID,
	TEXTOID, TEXTOID, INT8OID, TEXTOID};
	Datum		args[9];
	char		nulls[9];

	memset(nulls, ' ', sizeof(nulls));
	args[0] = row->customer_id;
	args[1] = row->warmth_id;
	args[2] = row->snapshot;
	nulls[2] = row->snapshot_null ? 'n' : ' ';
	args[3] = TextOrNull(row->level, &nulls[3]);
	args[4] = row->previous;
	nulls[4] = row->previous_null ? 'n' : ' ';
	args[5] = CStringGetTextDatum(row->change_trigger);
	args[6] = TextOrNull(row->description, &nulls[6]);
	args[7] = row->event_id;
	nulls[7] = row->event_id_null ? 'n' : ' ';
	args[8] = TextOrNull(row->algorithm_version, &nulls[8]);
	ExecutePlan(PrepareInSchema(&history_plan, schema,
								"INSERT INTO @s.customer_warmth_history "
								"(customer_id, customer_warmth_id, warmth_score_snapshot, "
								" warmth_level_snapshot, previous_score, score_change, "
								" change_trigger, change_description, engagement_event_id, "
								" algorithm_version) "
								"VALUES ($1, $2, $3, $4::@s.warmth_level, $5, $3 - $5, "
								"        $6, $7, $8, $9)",
								9, types),
				args, nulls, SPI_OK_INSERT);
}

/* The score and level of a customer_warmth row. */
typedef struct ScoreAndLevel
{
	Datum		score;
	bool		score_null;
	Datum		level;
	bool		level_null;
} ScoreAndLevel;

static ScoreAndLevel
ReadScoreAndLevel(HeapTuple tuple, TupleDesc desc, int score_att, int level_att)
{
	ScoreAndLevel result;

	result.score = heap_getattr(tuple, score_att, desc, &result.score_null);
	result.level = heap_getattr(tuple, level_att, desc, &result.level_null);
	return result;
}

static bool
ScoreOrLevelChanged(ScoreAndLevel old, ScoreAndLevel new)
{
	if (old.score_null != new.score_null || old.level_null != new.level_null)
		return true;
	if (!new.level_null && DatumGetObjectId(old.level) != DatumGetObjectId(new.level))
		return true;
	return !new.score_null &&
		!DatumGetBool(DirectFunctionCall2(numeric_eq, old.score, new.score));
}

/*
 * customer_warmth_history_after() — AFTER INSERT OR UPDATE FOR EACH ROW: one
 * history row per inserted row, and per update that changed the score or
 * level.  change_trigger and change_description come from the settings
 * customer_scoring.change_trigger / .change_description.
 */
PG_FUNCTION_INFO_V1(customer_warmth_history_after);
Datum
customer_warmth_history_after(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = CheckTrigger(fcinfo, "customer_warmth_history_after",
										 true, false);
	Relation	rel = trigdata->tg_relation;
	TupleDesc	desc = RelationGetDescr(rel);
	bool		is_insert = TRIGGER_FIRED_BY_INSERT(trigdata->tg_event);
	HeapTuple	tuple = TriggerNewTuple(trigdata, "customer_warmth_history_after");
	int			score_att = TriggerColumn(rel, "overall_warmth_score");
	int			level_att = TriggerColumn(rel, "warmth_level");
	ScoreAndLevel new = ReadScoreAndLevel(tuple, desc, score_att, level_att);
	ScoreAndLevel old = {0, true, 0, true};
	const char *change_trigger = SettingOrNull(cs_change_trigger);
	HistoryRow	row;
	bool		isnull;
	SpiScope	spi;

	if (history_written_by_event)
		return PointerGetDatum(NULL);
	if (!is_insert)
	{
		old = ReadScoreAndLevel(trigdata->tg_trigtuple, desc, score_att, level_att);
		if (!ScoreOrLevelChanged(old, new))
			return PointerGetDatum(NULL);
	}

	row.customer_id = heap_getattr(tuple, TriggerColumn(rel, "customer_id"), desc, &isnull);
	row.warmth_id = heap_getattr(tuple, TriggerColumn(rel, "id"), desc, &isnull);
	row.snapshot = new.score;
	row.snapshot_null = new.score_null;
	row.level = new.level_null ? NULL : EnumLabelOut(new.level);
	row.previous = old.score;
	row.previous_null = old.score_null;
	row.change_trigger = change_trigger ? change_trigger : (is_insert ? "insert" : "manual_update");
	row.description = SettingOrNull(cs_change_description);
	row.event_id = (Datum) 0;
	row.event_id_null = true;
	row.algorithm_version = SPI_getvalue(tuple, desc, TriggerColumn(rel, "algorithm_version"));

	SpiBegin(&spi);
	WriteHistory(FunctionSchema(fcinfo), &row);
	SpiEnd(&spi);
	return PointerGetDatum(NULL);
}

/* ----- customer_engagement_events ----- */

/* Engagement types that show purchase intent, the default of "meaningful". */
static const char *const meaningful_types[] = {
	"inquiry", "email_reply", "phone_call", "showroom_visit", "test_drive",
	"financing_inquiry", "trade_in_appraisal", "quote_request", "reservation",
	"purchase"
};

static bool
IsMeaningfulType(const char *label)
{
	for (int i = 0; i < lengthof(meaningful_types); i++)
		if (strcmp(label, meaningful_types[i]) == 0)
			return true;
	return false;
}

/* customer_engagement_events_before() — BEFORE INSERT: meaningful by type. */
PG_FUNCTION_INFO_V1(customer_engagement_events_before);
Datum
customer_engagement_events_before(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = CheckTrigger(fcinfo, "customer_engagement_events_before",
										 true, true);
	Relation	rel = trigdata->tg_relation;
	HeapTuple	tuple = trigdata->tg_trigtuple;
	int			type_att = TriggerColumn(rel, "engagement_type");
	int			meaningful_att = TriggerColumn(rel, "meaningful");
	bool		isnull;
	Datum		type;
	Datum		meaningful;
	bool		meaningful_null = false;

	if (!TRIGGER_FIRED_BY_INSERT(trigdata->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("customer_engagement_events_before: must be fired on INSERT")));
	(void) heap_getattr(tuple, meaningful_att, RelationGetDescr(rel), &isnull);
	if (!isnull)
		return PointerGetDatum(tuple);
	type = heap_getattr(tuple, type_att, RelationGetDescr(rel), &isnull);
	if (isnull)
		return PointerGetDatum(tuple);	/* the NOT NULL constraint reports it */
	meaningful = BoolGetDatum(IsMeaningfulType(EnumLabelOut(type)));
	return PointerGetDatum(heap_modify_tuple_by_cols(tuple, RelationGetDescr(rel),
													 1, &meaningful_att,
													 &meaningful, &meaningful_null));
}

/* The plans of the engagement event trigger. */
static SchemaPlan ensure_warmth_plan;
static SchemaPlan lock_warmth_plan;
static SchemaPlan engagement_plan;
static SchemaPlan apply_event_plan;

/* The new event, as the trigger reads it. */
typedef struct EngagementEvent
{
	Datum		customer_id;
	Datum		event_id;
	Datum		occurred_at;
	char	   *type_label;
	bool		meaningful;
	char	   *notes;			/* NULL when none */
} EngagementEvent;

static EngagementEvent
ReadEngagementEvent(Relation rel, HeapTuple tuple)
{
	TupleDesc	desc = RelationGetDescr(rel);
	EngagementEvent ev;
	bool		isnull;
	Datum		value;

	ev.customer_id = heap_getattr(tuple, TriggerColumn(rel, "customer_id"), desc, &isnull);
	ev.event_id = heap_getattr(tuple, TriggerColumn(rel, "id"), desc, &isnull);
	ev.occurred_at = heap_getattr(tuple, TriggerColumn(rel, "occurred_at"), desc, &isnull);
	ev.type_label = EnumLabelOut(heap_getattr(tuple, TriggerColumn(rel, "engagement_type"),
											  desc, &isnull));
	value = heap_getattr(tuple, TriggerColumn(rel, "meaningful"), desc, &isnull);
	ev.meaningful = isnull ? IsMeaningfulType(ev.type_label) : DatumGetBool(value);
	ev.notes = SPI_getvalue(tuple, desc, TriggerColumn(rel, "notes"));
	return ev;
}

/*
 * ApplyEngagementEvent — the work of the event trigger, SPI-connected:
 * make sure the customer has a warmth row and lock it (so concurrent events of
 * one customer apply one after another, each seeing the ones before), recompute
 * the engagement component from the customer's events, update counters and
 * last engagement, and write one history row for this event.  Every statement
 * names the one customer and carries no expression Citus must evaluate per
 * row (the last engagement is decided here), so that on Citus it runs on the
 * customer's shard, where the trigger fires.
 */
static void
ApplyEngagementEvent(Oid schema, const EngagementEvent *ev)
{
	Oid			id_type[1] = {INT8OID};
	Oid			engagement_types[2] = {INT8OID, TIMESTAMPTZOID};
	Oid			apply_types[6] = {INT8OID, INT4OID, NUMERICOID, TEXTOID,
	TIMESTAMPTZOID, INT4OID};
	TimestampTz now = GetCurrentTransactionStartTimestamp();
	Datum		args[6];
	char		nulls[6] = "      ";
	bool		isnull;
	HistoryRow	row;
	Datum		previous;
	bool		previous_null;
	Datum		last_date;
	bool		last_date_null;
	char	   *last_type;
	TimestampTz newest;
	Datum		engagement;
	Datum		level;
	bool		level_null;
	const char *description = SettingOrNull(cs_change_description);
	const char *change_trigger = SettingOrNull(cs_change_trigger);

	args[0] = ev->customer_id;
	ExecutePlan(PrepareInSchema(&ensure_warmth_plan, schema,
								"INSERT INTO @s.customer_warmth (customer_id) VALUES ($1) "
								"ON CONFLICT (customer_id) DO NOTHING",
								1, id_type),
				args, NULL, SPI_OK_INSERT);
	ExecutePlan(PrepareInSchema(&lock_warmth_plan, schema,
								"SELECT overall_warmth_score, last_engagement_date, "
								"       last_engagement_type::text "
								"FROM @s.customer_warmth WHERE customer_id = $1 FOR UPDATE",
								1, id_type),
				args, NULL, SPI_OK_SELECT);
	previous = SingleResultValue(1, &previous_null);
	last_date = SingleResultValue(2, &last_date_null);
	last_type = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 3);

	args[1] = TimestampTzGetDatum(now);
	ExecutePlan(PrepareInSchema(&engagement_plan, schema,
								"SELECT @s.engagement_component($1, $2)",
								2, engagement_types),
				args, NULL, SPI_OK_SELECT);
	engagement = SingleResultValue(1, &isnull);

	/* the latest engagement: this event unless an earlier-stored one is later */
	newest = DatumGetTimestampTz(ev->occurred_at);
	if (!last_date_null && DatumGetTimestampTz(last_date) > newest)
		newest = DatumGetTimestampTz(last_date);
	else
		last_type = ev->type_label;

	args[1] = Int32GetDatum(ev->meaningful ? 1 : 0);
	args[2] = engagement;
	args[3] = CStringGetTextDatum(last_type);
	nulls[3] = last_type ? ' ' : 'n';
	args[4] = TimestampTzGetDatum(newest);
	args[5] = Int32GetDatum((int32) Min(ElapsedWholeDays(newest, now), PG_INT32_MAX));
	ExecutePlan(PrepareInSchema(&apply_event_plan, schema,
								"UPDATE @s.customer_warmth SET "
								" total_interactions = total_interactions + 1, "
								" meaningful_interactions = meaningful_interactions + $2, "
								" engagement_score = $3, "
								" last_engagement_type = $4::@s.engagement_type, "
								" last_engagement_date = $5, "
								" days_since_last_interaction = $6 "
								"WHERE customer_id = $1 "
								"RETURNING id, overall_warmth_score, warmth_level, algorithm_version",
								6, apply_types),
				args, nulls, SPI_OK_UPDATE_RETURNING);

	/* SPI results stay valid until SPI_finish */
	row.customer_id = ev->customer_id;
	row.warmth_id = SingleResultValue(1, &isnull);
	row.snapshot = SingleResultValue(2, &row.snapshot_null);
	level = SingleResultValue(3, &level_null);
	row.level = level_null ? NULL : EnumLabelOut(level);
	row.previous = previous;
	row.previous_null = previous_null;
	row.change_trigger = change_trigger ? change_trigger : ev->type_label;
	row.description = description ? description : ev->notes;
	row.event_id = ev->event_id;
	row.event_id_null = false;
	row.algorithm_version = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 4);
	WriteHistory(schema, &row);
}

/* customer_engagement_events_after() — AFTER INSERT FOR EACH ROW. */
PG_FUNCTION_INFO_V1(customer_engagement_events_after);
Datum
customer_engagement_events_after(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = CheckTrigger(fcinfo, "customer_engagement_events_after",
										 true, false);
	EngagementEvent ev;
	Oid			schema = FunctionSchema(fcinfo);
	SpiScope	spi;

	if (!TRIGGER_FIRED_BY_INSERT(trigdata->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("customer_engagement_events_after: must be fired on INSERT")));

	ev = ReadEngagementEvent(trigdata->tg_relation, trigdata->tg_trigtuple);
	SpiBegin(&spi);
	history_written_by_event = true;
	PG_TRY();
	{
		ApplyEngagementEvent(schema, &ev);
	}
	PG_FINALLY();
	{
		history_written_by_event = false;
	}
	PG_END_TRY();
	SpiEnd(&spi);
	return PointerGetDatum(NULL);
}
