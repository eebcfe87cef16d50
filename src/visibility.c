/*
 * visibility.c — whether the caller can see a customer.
 *
 * Every function that takes a customer_id treats a customer the caller
 * cannot see (row-level security on customers) exactly like an unknown one.
 * Reads that run with the caller's rights see that through the policies
 * themselves; the functions that write with the extension owner's rights
 * (SECURITY DEFINER: loyalty, GDPR erase) ask customer_visible() first, which
 * looks at customers as the caller would.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "spi_util.h"

/*
 * VisibilityUser — the role whose view of customers counts: the current
 * user, or inside a SECURITY DEFINER function (where the current user is
 * the function's owner) the session's role, SET ROLE included.
 */
static Oid
VisibilityUser(void)
{
	Oid			user;
	int			sec_context;

	GetUserIdAndSecContext(&user, &sec_context);
	if (sec_context & SECURITY_LOCAL_USERID_CHANGE)
		return GetOuterUserId();
	return user;
}

/*
 * customer_visible(customer_id) — true when the customer exists and the
 * caller may see it: the row passes the row-level security policies of
 * customers for that role, and the role may read customers at all (a role
 * without SELECT on customers sees no customer).
 */
PG_FUNCTION_INFO_V1(customer_visible);
Datum
customer_visible(PG_FUNCTION_ARGS)
{
	static SchemaPlan plan;
	Oid			types[1] = {INT8OID};
	Datum		args[1] = {PG_GETARG_DATUM(0)};
	Oid			schema = FunctionSchema(fcinfo);
	Oid			customers = get_relname_relid("customers", schema);
	Oid			user = VisibilityUser();
	Oid			save_user;
	int			save_sec_context;
	volatile bool visible = false;
	SpiScope	spi;

	if (!OidIsValid(customers))
		elog(ERROR, "table customers of the extension is missing");
	/*
	 * a role that may not read customers.id sees no customer (the column
	 * check alone ignores a grant on the whole table)
	 */
	if (pg_class_aclcheck(customers, user, ACL_SELECT) != ACLCHECK_OK &&
		pg_attribute_aclcheck(customers, get_attnum(customers, "id"), user,
							  ACL_SELECT) != ACLCHECK_OK)
		PG_RETURN_BOOL(false);

	GetUserIdAndSecContext(&save_user, &save_sec_context);
	SpiBegin(&spi);
	SetUserIdAndSecContext(user, save_sec_context | SECURITY_LOCAL_USERID_CHANGE);
	PG_TRY();
	{
		ExecutePlan(PrepareInSchema(&plan, schema,
									"SELECT 1 FROM @s.customers WHERE id = $1",
									1, types),
					args, NULL, SPI_OK_SELECT);
		visible = SPI_processed > 0;
	}
	PG_FINALLY();
	{
		SetUserIdAndSecContext(save_user, save_sec_context);
	}
	PG_END_TRY();
	SpiEnd(&spi);
	PG_RETURN_BOOL(visible);
}

/*
 * calling_user() — the role on whose behalf the code runs: current_user,
 * except inside a SECURITY DEFINER function, where it is the role that
 * called it (current_user there is the function's owner).  What the
 * extension's writers record as created_by.
 */
PG_FUNCTION_INFO_V1(calling_user);
Datum
calling_user(PG_FUNCTION_ARGS)
{
	char	   *role = GetUserNameFromId(VisibilityUser(), false);
	Name		result = (Name) palloc0(NAMEDATALEN);

	namestrcpy(result, role);
	PG_RETURN_NAME(result);
}
