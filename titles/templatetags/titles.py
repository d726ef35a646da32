from django import template

from titles import selectors

register = template.Library()


@register.inclusion_tag("titles/_member_titles.html")
def member_titles(member):
    """The titles the member holds and held, with their periods (one query)."""
    terms = selectors.public_titles(member)
    return {
        "titles": [
            {
                "term": term,
                "title": selectors.term_title(term),
                "period": selectors.period_years(term.started_on, term.ended_on),
            }
            for term in terms
        ]
    }


@register.inclusion_tag("titles/_certificate_service.html")
def certificate_service(certificate):
    """What a certificate of service attests: the role, the station or group, the period."""
    service = selectors.certificate_service(certificate)
    if service is None:
        return {"service": None}
    return {
        "service": service,
        "title": selectors.term_title(service.term),
        "period": selectors.period_dates(service.period_start, service.period_end),
    }


@register.inclusion_tag("titles/_certificate_service_sheet.html")
def certificate_service_sheet(certificate):
    """The sentence of a printed certificate of service."""
    return certificate_service(certificate)


@register.filter
def service_title(term):
    return selectors.term_title(term)


@register.simple_tag
def service_period(start, end):
    return selectors.period_dates(start, end)
