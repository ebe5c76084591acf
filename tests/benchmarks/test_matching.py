"""The matching engine's targets at 10,000 requests and 2,000 supporters. Prints figures."""

import json
from io import StringIO

from django.core.management import call_command


def test_bulk_assignment_meets_its_targets():
    out = StringIO()

    call_command(
        "bench_matching", requests=10_000, supporters=2_000, seed=1, exact=True, stdout=out
    )

    figures = json.loads(out.getvalue().strip().splitlines()[-1])
    print(json.dumps(figures))
    assert figures["seconds_assign"] < 3.0
    assert figures["total_score"] >= 0.995 * figures["exact_total_score"]
    assert figures["total_score"] > figures["greedy_total_score"]
    assert figures["seconds_suggest_p95"] < 0.05
