"""Year-end evaluations: members' records (履职档案) and the bureaus' scores (办理绩效)."""
