"""SMS sent during registration, to a number that may have no account yet.

Both texts go to the number typed on the registration form; the page that follows says the same
("验证码已发送") either way, so only the owner of the phone learns whether it was already registered.
"""

from django.utils.translation import gettext_lazy as _

from taijiang.notifications.events import Channel, register_event

REGISTRATION_CODE = register_event(
    "users.registration_code", title=_("注册验证码 %(code)s，%(minutes)s 分钟内有效，请勿告诉他人。"),
    body=_("您正在注册台江社区服务账号，验证码 %(code)s，%(minutes)s 分钟内有效。"),
    channels=(Channel.SMS,), to_number=True)
ALREADY_REGISTERED = register_event(
    "users.registration_existing",
    title=_("该手机号已注册台江社区服务账号，请直接用手机号登录；忘记密码请到社区党群服务中心窗口重置。"),
    body=_("有人用您的手机号申请注册台江社区服务账号。该号码已有账号，请直接登录；如非本人操作，请忽略本短信。"),
    channels=(Channel.SMS,), to_number=True)
