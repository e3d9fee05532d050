"""The default limits on wrong 認証キー, stated once: the API applies them when its stage sets
none (adapters/config.py), infra validates a stage's own values against them
(infra/portal_infra/stages.py reads this file by path: it imports nothing), and the site's
policy pages print them (site/hooks/policy_facts.py)."""

# Wrong keys allowed in a sliding hour (domain/attempts.py): for one 保証契約番号 from one client,
# and from one client whatever the numbers. A stage may raise the latter for a municipal
# gateway that many clerks share (infra/stages.json, failures_per_client_per_hour).
WRONG_KEYS_PER_NUMBER_PER_HOUR = 10
WRONG_KEYS_PER_CLIENT_PER_HOUR = 50
