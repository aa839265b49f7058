"""With CHAINMAP_AUTH=required a person logs in, and Dash's own requests then carry the
session's CSRF token (the renderer reads the _csrf_token cookie), so the app works."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from chainmap.accounts.users import add_user, write_users
from tests.serving import serve

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def private_server(built_settings, tmp_path_factory):
    users = tmp_path_factory.mktemp("login") / "users.json"
    write_users(users, add_user({}, "viewer1", "viewer", "viewer-pass"))
    env = {"CHAINMAP_AUTH": "required", "CHAINMAP_USERS_FILE": str(users)}
    with serve(built_settings.db_path, env=env) as url:
        yield url


@pytest.fixture()
def fresh(browser):
    # every server in the session is on 127.0.0.1, so cookies are shared: clear them all
    # (WebDriver's delete_all_cookies only reaches the current page's domain)
    # leave the last test's page first: a page still open keeps sending requests, whose
    # answers can set a session cookie after the clearing
    browser.get("about:blank")
    browser.execute_cdp_cmd("Network.clearBrowserCookies", {})
    yield browser
    browser.get("about:blank")
    browser.execute_cdp_cmd("Network.clearBrowserCookies", {})


def test_login_then_pages_and_callbacks_work(private_server, fresh):
    browser = fresh
    browser.get(private_server + "/map?chain=rail")
    WebDriverWait(browser, 20).until(ec.presence_of_element_located((By.ID, "login-form")))
    assert "/login?next=" in browser.current_url
    browser.find_element(By.ID, "username").send_keys("viewer1")
    browser.find_element(By.ID, "password").send_keys("wrong-pass")
    browser.find_element(By.ID, "login-submit").click()
    WebDriverWait(browser, 20).until(ec.presence_of_element_located((By.ID, "login-error")))
    browser.find_element(By.ID, "username").send_keys("viewer1")
    browser.find_element(By.ID, "password").send_keys("viewer-pass")
    browser.find_element(By.ID, "login-submit").click()
    WebDriverWait(browser, 30).until(
        ec.presence_of_element_located((By.CSS_SELECTOR, ".district-label")))
    assert browser.current_url == private_server + "/map?chain=rail"
    assert "重庆长客" in browser.find_element(By.ID, "side-panel").text
    browser.find_element(By.ID, "lang-toggle").click()  # a callback POST with the token
    WebDriverWait(browser, 20).until(lambda b: "lang=en" in b.current_url)
    WebDriverWait(browser, 20).until(
        lambda b: b.find_element(By.ID, "brand").text.startswith("Chongqing"))
    severe = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"
              and "/login" not in e["message"]]  # the refused wrong password is logged
    assert not severe


def test_logout_ends_the_session(private_server, fresh):
    browser = fresh
    browser.get(private_server + "/login")
    WebDriverWait(browser, 20).until(ec.presence_of_element_located((By.ID, "login-form")))
    browser.find_element(By.ID, "username").send_keys("viewer1")
    browser.find_element(By.ID, "password").send_keys("viewer-pass")
    browser.find_element(By.ID, "login-submit").click()
    WebDriverWait(browser, 30).until(ec.presence_of_element_located((By.ID, "biggest-gaps")))
    browser.get(private_server + "/logout")
    browser.find_element(By.ID, "logout-submit").click()
    WebDriverWait(browser, 20).until(ec.presence_of_element_located((By.ID, "login-form")))
    browser.get(private_server + "/firms")
    WebDriverWait(browser, 20).until(ec.presence_of_element_located((By.ID, "login-form")))
    assert browser.get_cookie("_csrf_token") is None


def test_with_login_required_the_login_page_says_so_and_keeps_the_language(private_server,
                                                                          fresh):
    """Every page needs a login here: the top bar names the app and links to none of them;
    the language toggle gives the same login in English, which comes back in English."""
    browser = fresh
    browser.get(private_server + "/map?chain=rail")
    WebDriverWait(browser, 20).until(ec.presence_of_element_located((By.ID, "login-form")))
    assert browser.find_element(By.ID, "brand").text == "重庆装备制造产业链地图"
    assert browser.find_elements(By.CSS_SELECTOR, "#login-nav a") == []
    assert "所有页面都需要登录" in browser.find_element(By.ID, "login-open").text
    assert "chainmap user add NAME --role editor" in browser.find_element(
        By.ID, "login-accounts").text
    browser.find_element(By.ID, "lang-toggle").click()
    WebDriverWait(browser, 20).until(
        lambda b: b.find_element(By.CSS_SELECTOR, "#login-form h1").text == "Log in")
    assert browser.find_element(By.ID, "brand").text.startswith("Chongqing")
    assert browser.find_element(By.ID, "lang-toggle").text == "中文"
    browser.find_element(By.ID, "username").send_keys("viewer1")
    browser.find_element(By.ID, "password").send_keys("viewer-pass")
    browser.find_element(By.ID, "login-submit").click()
    WebDriverWait(browser, 30).until(
        ec.presence_of_element_located((By.CSS_SELECTOR, ".district-label")))
    assert browser.current_url == private_server + "/map?chain=rail&lang=en"
