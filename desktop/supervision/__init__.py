"""The supervisor's workspace (issue 9): patrol completion, the biweekly inspection, the
department assessment and the statistics dashboard, in a window of its own."""
