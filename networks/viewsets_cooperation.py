"""Admin viewsets of visits, job rotation, partnerships, projects, campaigns, book fair and Liboppi."""


def cooperation_register_viewsets():
    return ()
