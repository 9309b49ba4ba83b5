import threading

import pytest
from django.db import connection

from networks.models import GroupJoinRequest, GroupMembership, WorkingGroup
from networks.services import ServiceError, group_join_request_create


def _twice_at_once(action):
    barrier = threading.Barrier(2)
    results = []

    def run():
        try:
            barrier.wait(timeout=10)
            action()
            results.append("ok")
        except ServiceError:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(results)


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_join_clicks_make_one_request_and_one_membership(staff_user, mailbox):
    working_group = WorkingGroup.objects.get(slug="suunnitteluryhma")
    network = WorkingGroup.objects.get(slug="tapahtumaverkosto")
    assert _twice_at_once(lambda: group_join_request_create(group=working_group, user=staff_user)) == [
        "ok",
        "refused",
    ]
    assert GroupJoinRequest.objects.filter(group=working_group).count() == 1
    assert _twice_at_once(lambda: group_join_request_create(group=network, user=staff_user)) == [
        "ok",
        "refused",
    ]
    assert GroupMembership.objects.filter(group=network, user=staff_user).count() == 1
