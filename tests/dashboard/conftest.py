import pytest
import time_machine

from tests.dashboard.world import NOW, World, build_world


@pytest.fixture
def frozen() -> object:
    """It is noon in Jakarta on Wednesday 18 March 2026, and stays so."""
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def world(db: None, frozen: object) -> World:
    return build_world()


@pytest.fixture
def signed_in(client: object, coordinator: object) -> object:
    """The test client, signed in as the coordinator (second factor given)."""
    client.force_login(coordinator)
    return client
