"""The coordinator's dashboard and its exports."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from dashboard.access import require_dashboard_reader
from dashboard.exports import CONTENT_TYPES, dashboard_export
from dashboard.forms import DashboardFilterForm
from dashboard.sections import BUILDERS
from dashboard.selectors import DashboardData, filter_options, reading
from dashboard.tiles import tiles


def _filtered(request: HttpRequest) -> tuple[DashboardFilterForm, DashboardData | None]:
    programs, sites, departments = filter_options()
    form = DashboardFilterForm(request.GET, programs=programs, sites=sites, departments=departments)
    if not form.is_valid():
        return form, None
    return form, DashboardData(form.scope(now=timezone.now()), programs)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    require_dashboard_reader(request.user)
    with reading():
        form, data = _filtered(request)
        sections = [build(data) for build in BUILDERS.values()] if data else []
        key_figures = tiles(data) if data else []
    tables = [table for section in sections for table in section.tables]
    charts = {table.key: table.chart_data for table in tables if table.chart}
    context = {
        "form": form,
        "scope": data.scope if data else None,
        "sections": sections,
        "tiles": key_figures,
        "charts": charts,
        "chart_texts": {"hidden": gettext("fewer than 5")},
        "query": request.GET.urlencode(),
    }
    return render(request, "dashboard/index.html", context)


@login_required
def export(request: HttpRequest, section: str, file_format: str) -> HttpResponse:
    require_dashboard_reader(request.user)
    if section not in BUILDERS or file_format not in CONTENT_TYPES:
        raise Http404
    with reading():
        _form, data = _filtered(request)
        if data is None:
            # The page shows what is wrong with the filters.
            return redirect(f"{reverse('dashboard:index')}?{request.GET.urlencode()}")
        built = BUILDERS[section](data)
    exported = dashboard_export(
        actor=request.user, section=built, scope=data.scope, file_format=file_format
    )
    response = HttpResponse(exported.content, content_type=exported.content_type)
    response["Content-Disposition"] = f'attachment; filename="{exported.name}"'
    return response
