# The service's entry point as far as the smoke test is concerned: its dependencies import and work.
import acme_http
import widgetkit
from acme_common import slug

app = acme_http.App()
print("ok", slug("Lookup Service"), type(widgetkit.Slider()).__name__)
