/*
 * health.c — customer health (restaurant loyalty CRM): the weighted score of
 * six components, health and engagement levels, and profile completeness.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "parser/scansup.h"
#include "utils/jsonb.h"

#include "callsite.h"
#include "checks.h"

#define HEALTH_COMPONENTS 6

static const char *const health_component_names[HEALTH_COMPONENTS] = {
	"visit_frequency", "spending_behavior", "loyalty_engagement",
	"feedback_sentiment", "communication_response", "recency_factor"
};

/* SPEC §3.4 weights, scaled by 10^CS_WEIGHT_SCALE */
static const int64 health_weights[HEALTH_COMPONENTS] = {
	250000, 200000, 150000, 150000, 150000, 100000
};

static const char *const health_level_labels[] = {"POOR", "FAIR", "GOOD", "EXCELLENT"};
static const int health_level_bounds[] = {40, 60, 80};

static const char *const engagement_level_labels[] = {"LOW", "MEDIUM", "HIGH", "EXCEPTIONAL"};
static const int engagement_level_bounds[] = {40, 70, 90};

static const char *const completeness_level_labels[] = {"BASIC", "GOOD", "EXCELLENT", "COMPLETE"};
static const int completeness_level_bounds[] = {50, 80, 100};

/* health_score(6 components) — weighted, a NULL component is missing. */
PG_FUNCTION_INFO_V1(health_score);
Datum
health_score(PG_FUNCTION_ARGS)
{
	WeightedInput inputs[HEALTH_COMPONENTS];
	Numeric		result;

	ReadScoreArguments(fcinfo, health_component_names, health_weights,
					   HEALTH_COMPONENTS, inputs);
	result = WeightedScore(inputs, HEALTH_COMPONENTS);
	if (result == NULL)
		PG_RETURN_NULL();
	PG_RETURN_NUMERIC(result);
}

/* health_level(score) — POOR, FAIR, GOOD or EXCELLENT. */
PG_FUNCTION_INFO_V1(health_level);
Datum
health_level(PG_FUNCTION_ARGS)
{
	return ResultEnumLabel(fcinfo, health_level_labels,
						   lengthof(health_level_labels),
						   LevelIndex(PackedNumericArg(PG_GETARG_DATUM(0)), "score",
									  health_level_bounds,
									  lengthof(health_level_bounds)));
}

/* engagement_level(score) — LOW, MEDIUM, HIGH or EXCEPTIONAL. */
PG_FUNCTION_INFO_V1(engagement_level);
Datum
engagement_level(PG_FUNCTION_ARGS)
{
	return ResultEnumLabel(fcinfo, engagement_level_labels,
						   lengthof(engagement_level_labels),
						   LevelIndex(PackedNumericArg(PG_GETARG_DATUM(0)), "score",
									  engagement_level_bounds,
									  lengthof(engagement_level_bounds)));
}

/* completeness_level(score) — BASIC, GOOD, EXCELLENT, or COMPLETE at 100. */
PG_FUNCTION_INFO_V1(completeness_level);
Datum
completeness_level(PG_FUNCTION_ARGS)
{
	return ResultEnumLabel(fcinfo, completeness_level_labels,
						   lengthof(completeness_level_labels),
						   LevelIndex(PackedNumericArg(PG_GETARG_DATUM(0)), "score",
									  completeness_level_bounds,
									  lengthof(completeness_level_bounds)));
}

/*
 * A field is filled when the key is present and its value is not JSON null,
 * not a string of only white space, and not an empty array or object.
 */
static bool
FieldIsFilled(JsonbContainer *profile, const char *field, int len)
{
	JsonbValue	value;

	if (getKeyJsonValueFromContainer(profile, field, len, &value) == NULL)
		return false;
	switch (value.type)
	{
		case jbvNull:
			return false;
		case jbvString:
			for (int i = 0; i < value.val.string.len; i++)
				if (!scanner_isspace(value.val.string.val[i]))
					return true;
			return false;
		case jbvBinary:
			return JsonContainerSize(value.val.binary.data) > 0;
		default:
			return true;
	}
}

/* The profile must be a JSON object, the field list non-empty without nulls. */
static void
CheckProfileArguments(Jsonb *profile, ArrayType *fields, Datum **names,
					  int *nfields)
{
	bool	   *nulls;

	if (!JB_ROOT_IS_OBJECT(profile))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("profile must be a JSON object")));
	if (ARR_NDIM(fields) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("fields must be a one-dimensional array")));
	deconstruct_array(fields, TEXTOID, -1, false, TYPALIGN_INT,
					  names, &nulls, nfields);
	if (*nfields == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("fields must not be empty")));
	for (int i = 0; i < *nfields; i++)
		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("fields must not contain nulls")));
}

static bool
NamedFieldIsFilled(Jsonb *profile, Datum name)
{
	text	   *field = DatumGetTextPP(name);

	return FieldIsFilled(&profile->root, VARDATA_ANY(field),
						 VARSIZE_ANY_EXHDR(field));
}

/* profile_completeness(profile, fields) — percent of the fields filled. */
PG_FUNCTION_INFO_V1(profile_completeness);
Datum
profile_completeness(PG_FUNCTION_ARGS)
{
	Jsonb	   *profile = PG_GETARG_JSONB_P(0);
	Datum	   *names;
	int			nfields;
	int64		filled = 0;

	CheckProfileArguments(profile, PG_GETARG_ARRAYTYPE_P(1), &names, &nfields);
	for (int i = 0; i < nfields; i++)
		if (NamedFieldIsFilled(profile, names[i]))
			filled++;
	/* round(100 * filled / nfields, 2) in hundredths, half away from zero */
	PG_RETURN_NUMERIC(CentsToNumeric((filled * 20000 + nfields) / (2 * (int64) nfields)));
}

/* profile_missing_fields(profile, fields) — the fields not filled, in order. */
PG_FUNCTION_INFO_V1(profile_missing_fields);
Datum
profile_missing_fields(PG_FUNCTION_ARGS)
{
	Jsonb	   *profile = PG_GETARG_JSONB_P(0);
	Datum	   *names;
	int			nfields;
	Datum	   *missing;
	int			nmissing = 0;

	CheckProfileArguments(profile, PG_GETARG_ARRAYTYPE_P(1), &names, &nfields);
	missing = palloc(sizeof(Datum) * nfields);
	for (int i = 0; i < nfields; i++)
		if (!NamedFieldIsFilled(profile, names[i]))
			missing[nmissing++] = names[i];
	PG_RETURN_ARRAYTYPE_P(construct_array(missing, nmissing, TEXTOID, -1,
										  false, TYPALIGN_INT));
}
