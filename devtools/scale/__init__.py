"""A large, realistic world, for benchmarks and for trying the product at size.

`ScaleWorld(...).build()` writes two years of a company's peer-support history with the
bulk loaders of `devtools.scale.bulk`: employees (some of them approved supporters, with
training), counselors and a coordinator, three programs, support requests with their
matches and enrollments, session logs with boundary checks, the referrals and supervision
those raise, routine supervision, and WHO-5 check-ins. Every account gets an unusable
password: nobody can sign in as a generated person.

The shapes follow the product's practice: a supporter's caseload stays within their cap,
sessions happen between a match's start and end, a boundary trigger raises the referral
of its urgency (or a supervision request), and well-being tends to improve.
"""

from devtools.scale.vocabulary import COORDINATOR_USERNAME, USERNAME_PREFIX
from devtools.scale.world import ScaleWorld

__all__ = ["COORDINATOR_USERNAME", "USERNAME_PREFIX", "ScaleWorld"]
