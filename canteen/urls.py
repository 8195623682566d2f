app_name = "canteen"
urlpatterns = []
