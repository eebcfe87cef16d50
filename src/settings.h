/*
 * settings.h — the extension's settings (customer_scoring.c).
 */
#ifndef SETTINGS_H
#define SETTINGS_H

/* customer_scoring.change_trigger / .change_description: the transaction's context */
extern char *cs_change_trigger;
extern char *cs_change_description;

extern const char *SettingOrNull(const char *value);

/* a row of customer_scoring_settings (its default when missing), cached */
extern const char *SettingValue(Oid schema, const char *name);

#endif							/* SETTINGS_H */
