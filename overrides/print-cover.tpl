{#- The PDF's cover (mkdocs.yml: print-site's cover_page_template): the title, the date and commit
    of the build, and where the book's network came from (the mkdocs hook's config.extra,
    nnbook/site/provenance.py). print-site renders it with `config` only. -#}
{% set build = config.extra.nnbook_build %}
{% set network = config.extra.nnbook_network %}
<div class="nnbook-cover">
  <h1>{{ config.site_name }}</h1>
  <p class="nnbook-cover-description">{{ config.site_description }}</p>
  <dl class="nnbook-cover-facts">
    <dt>Built on</dt><dd>{{ build.date }}</dd>
    <dt>Commit</dt><dd>{% if build.commit %}<code>{{ build.commit }}</code>{% if build.modified %} with uncommitted changes{% endif %}{% else %}none: built outside a git checkout{% endif %}</dd>
    <dt>The book's network</dt><dd>recipe <code>{{ network.recipe }}</code>: {{ network.settings }}</dd>
    <dt>Seed offset</dt><dd>{{ network.seed_offset }}</dd>
    <dt>Test accuracy</dt><dd>{{ "%.2f" | format(100 * network.test_accuracy) }}% of the 10,000 test digits</dd>
    <dt>SHA-256 of its weights</dt><dd><code>{{ network.weights_sha256 }}</code></dd>
  </dl>
  <p class="nnbook-cover-licence">{{ config.copyright }}</p>
</div>
