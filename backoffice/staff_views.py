"""The admin's "Akun staf" screen (routes on the `backoffice` blueprint, role `admin` only):

- /backoffice/staff: every staff account (WhatsApp masked), with its status and lockout;
- /backoffice/staff/new: create an account with an initial password;
- /backoffice/staff/<id>: edit the profile and roles, deactivate or reactivate, lift a
  lockout, set a new password, list and revoke the user's API tokens.

The rules are `backoffice.staff_accounts`; here we only read the form, commit once, record the
change in the log and say what happened. A refused form comes back with what was typed
(passwords excepted), 422 for bad input and 409 for a guard rail.
"""

from __future__ import annotations

import functools

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import func, select

from backoffice import access, i18n, staff_accounts
from backoffice.staff_accounts import PROFILE_FIELDS, AccountRefused, Change
from backoffice.views import blueprint
from runtime import request_scope
from runtime.request_scope import db
from storage import ROLES, StaffUser, utcnow
from storage.privacy import mask_phone
from storage.staff import PASSWORD_MIN_LENGTH, tokens_of

TOKENS_SHOWN = 50


def admin_only(view):
    @functools.wraps(view)
    @login_required
    def wrapper(*args, **kwargs):
        if not access.can_manage_staff(current_user):
            abort(403)
        return view(*args, **kwargs)

    return wrapper


def _me() -> StaffUser:
    return access.staff_of(current_user._get_current_object())


def _account(staff_id: int) -> StaffUser:
    user = db().get(StaffUser, staff_id)
    if user is None:
        abort(404)
    return user


def _messages(errors: dict[str, str]) -> dict[str, str]:
    return {field: i18n.t(key, min=PASSWORD_MIN_LENGTH) for field, key in errors.items()}


def _typed(form) -> dict:
    """What the admin typed, to show the form again (never the passwords)."""
    return {"username": form.get("username", ""), "roles": form.getlist("roles"),
            "whatsapp_remove": bool(form.get("whatsapp_remove")), **{f: form.get(f, "") for f in PROFILE_FIELDS}}


def _done(change: Change, user: StaffUser):
    request_scope.commit()
    change.log(by=_me().username)
    flash(i18n.t(f"staff.done.{change.action}", username=change.username, count=change.count))
    if user.active and user.has_role("supervisor") and not user.whatsapp and change.action in ("created", "updated"):
        flash(i18n.t("staff.warn.supervisor_no_whatsapp"))
    return redirect(url_for("backoffice.staff_page", staff_id=user.id))


def _context() -> dict:
    return {"all_roles": ROLES, "languages": staff_accounts.STAFF_LANGUAGES, "mask_phone": mask_phone,
            "now": utcnow(), "password_min": PASSWORD_MIN_LENGTH}


# ---- the list and a new account ---------------------------------------------------------------
@blueprint.get("/staff")
@admin_only
def staff_list():
    users = db().scalars(select(StaffUser).order_by(StaffUser.active.desc(), func.lower(StaffUser.username)))
    return render_template("backoffice/staff_list.html", users=list(users), **_context())


@blueprint.route("/staff/new", methods=["GET", "POST"])
@admin_only
def staff_new():
    if request.method == "GET":
        return render_template("backoffice/staff_new.html", form={"language": "id", "roles": []}, errors={}, **_context())
    try:
        user, change = staff_accounts.create(db(), request.form)
    except AccountRefused as exc:
        db().rollback()
        return render_template("backoffice/staff_new.html", form=_typed(request.form), errors=_messages(exc.errors),
                               **_context()), exc.status
    return _done(change, user)


# ---- one account ------------------------------------------------------------------------------
def _page(user: StaffUser, *, form=None, errors=None, section=None, status=200):
    profile = form or {"roles": sorted(user.roles), **{f: getattr(user, f) or "" for f in PROFILE_FIELDS}, "whatsapp": ""}
    html = render_template(
        "backoffice/staff_user.html",
        user=user,
        form=profile,
        errors=_messages(errors or {}),
        section=section,
        tokens=tokens_of(db(), user, TOKENS_SHOWN),
        tokens_shown=TOKENS_SHOWN,
        is_me=user.id == _me().id,
        **_context(),
    )
    return html, status


def _refused(staff_id: int, exc: AccountRefused, section: str, form=None):
    db().rollback()
    return _page(_account(staff_id), form=form, errors=exc.errors, section=section, status=exc.status)


@blueprint.get("/staff/<int:staff_id>")
@admin_only
def staff_page(staff_id: int):
    return _page(_account(staff_id))


@blueprint.post("/staff/<int:staff_id>")
@admin_only
def staff_update(staff_id: int):
    user = _account(staff_id)
    try:
        change = staff_accounts.update(db(), _me(), user, request.form)
    except AccountRefused as exc:
        return _refused(staff_id, exc, "profile", _typed(request.form))
    return _done(change, user)


@blueprint.post("/staff/<int:staff_id>/deactivate")
@admin_only
def staff_deactivate(staff_id: int):
    user = _account(staff_id)
    try:
        change = staff_accounts.deactivate(db(), _me(), user)
    except AccountRefused as exc:
        return _refused(staff_id, exc, "status")
    return _done(change, user)


@blueprint.post("/staff/<int:staff_id>/reactivate")
@admin_only
def staff_reactivate(staff_id: int):
    user = _account(staff_id)
    return _done(staff_accounts.reactivate(user), user)


@blueprint.post("/staff/<int:staff_id>/unlock")
@admin_only
def staff_unlock(staff_id: int):
    user = _account(staff_id)
    return _done(staff_accounts.unlock(user), user)


@blueprint.post("/staff/<int:staff_id>/password")
@admin_only
def staff_password(staff_id: int):
    user = _account(staff_id)
    try:
        change = staff_accounts.set_password(user, request.form)
    except AccountRefused as exc:
        return _refused(staff_id, exc, "password")
    return _done(change, user)


@blueprint.post("/staff/<int:staff_id>/tokens/<int:token_id>/revoke")
@admin_only
def staff_revoke_token(staff_id: int, token_id: int):
    user = _account(staff_id)
    change = staff_accounts.revoke_token(db(), user, token_id)
    if change is None:
        abort(404)
    return _done(change, user)


@blueprint.post("/staff/<int:staff_id>/tokens/revoke-all")
@admin_only
def staff_revoke_tokens(staff_id: int):
    user = _account(staff_id)
    return _done(staff_accounts.revoke_all_tokens(db(), user), user)
