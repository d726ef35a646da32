"""robots.txt and the sitemaps, mounted at the site's root."""

from django.urls import path

from opendata import views

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", views.sitemap_index, name="sitemap_index"),
    path("sitemap-<slug:section>.xml", views.sitemap_section, name="sitemap_section"),
]
