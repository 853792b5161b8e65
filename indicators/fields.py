"""The field lists the admin, the forms and the API share, named once.

An officer sets a target's fields; the framework's target and its national value come from
adopting a framework target (`framework_target_adopt`) and are read-only everywhere else.
"""

# What an indicator holds, in the admin and the API; the admin adds its source and the
# care model that feeds it.
INDICATOR_FIELDS = (
    "objective",
    "phase",
    "code",
    "name",
    "unit",
    "unit_label",
    "decimals",
    "direction",
    "accumulation",
    "by_sex",
    "reporting_frequency",
    "phase_aggregate",
    "previous",
    "series_break",
    "definition",
    "data_source",
)
# What a target's row holds, its indicator aside.
TARGET_ROW_FIELDS = (
    "area",
    "year",
    "sex",
    "comparator",
    "value",
    "value_max",
    "baseline_value",
    "baseline_year",
    "baseline_provisional",
)
# What an officer sets on a target.
TARGET_FIELDS = ("indicator", *TARGET_ROW_FIELDS, "source_text")
# Set by adopting a framework target.
TARGET_ADOPTED_FIELDS = ("framework_target", "national_value")
