"""The hard rules of a match, checked by every path that makes one.

A coordinator's proposal, the employee's own choice and bulk matching all end in
`match_propose`, which asks `pair_checked` here: pages post ids only, never a score or an
eligibility they computed, so a forged post can break no rule. The score and its reasons
are the engine's, for this one pair.
"""

from django.utils.translation import gettext as _

from matching import engine
from matching.errors import MatchingError
from matching.models import OPEN_MATCH_STATUSES, Match, SupportRequest
from matching.selectors import candidate_profiles, engine_request, engine_supporters
from peersupport.models import User
from programs.models import SupporterProfile


def pair_checked(
    *, request: SupportRequest, supporter: User, profile: SupporterProfile | None
) -> engine.Suggestion:
    """The engine's score for `supporter` and `request`, once every hard rule holds;
    MatchingError with the rule that does not, in the user's language. `profile` is the
    supporter's profile, locked by the caller (capacity is contended)."""
    broken = broken_rule(request=request, supporter=supporter, profile=profile)
    if broken:
        raise MatchingError(broken)
    pool = engine_supporters(candidate_profiles(request.program).filter(pk=profile.pk))
    ranked = engine.suggest(engine_request(request), pool, k=1)
    if not ranked:  # every rule above holds, so the engine should agree: never guess
        raise MatchingError(_("That supporter cannot be matched with this request."))
    return ranked[0]


def broken_rule(
    *, request: SupportRequest, supporter: User, profile: SupporterProfile | None
) -> str:
    """The first hard rule the pair breaks, as a message; "" when none is broken."""
    requester: User = request.requester
    if profile is None or not supporter.is_active:
        return _("This person is not a peer supporter.")
    if supporter.pk == requester.pk:
        return _("Nobody can be their own peer supporter.")
    if requester.pk in (supporter.line_manager_id,) or supporter.pk == requester.line_manager_id:
        return _("A line manager and their direct report cannot be matched.")
    if not set(request.languages) & set(supporter.languages):
        return _("This supporter speaks none of the languages the person asked for.")
    if request.outside_department and supporter.department == requester.department:
        return _("The person asked for a supporter outside their own department.")
    if not SupporterProfile.objects.eligible_for(request.program).filter(pk=profile.pk).exists():
        return _("This supporter cannot take people in this program now.")
    open_matches = Match.objects.filter(supporter=supporter, status__in=OPEN_MATCH_STATUSES)
    if open_matches.count() >= profile.capacity:
        return _("This supporter has no free place left.")
    return ""
