<?xml version="1.0" encoding="utf-8"?>
<!-- How a browser shows changes.xml (hooks/handbook/changes.py names this
     file in the feed): the feed's own entries as a page, and what a feed is
     for. Feed readers ignore it. Every text here comes from the feed, whose
     days Python has already written for readers; the styles are inline,
     which the site's Content-Security-Policy allows (style-src), and
     nothing runs as a script. -->
<xsl:stylesheet version="1.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:atom="http://www.w3.org/2005/Atom"
  xmlns:xhtml="http://www.w3.org/1999/xhtml"
  exclude-result-prefixes="atom xhtml">
  <xsl:output method="html" encoding="utf-8" doctype-system="about:legacy-compat"/>
  <xsl:template match="/atom:feed">
    <html lang="{@xml:lang}">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width,initial-scale=1"/>
        <title><xsl:value-of select="atom:title"/></title>
        <style>
          body { font: 1rem/1.5 system-ui, sans-serif; max-width: 44rem; margin: 0 auto; padding: 1rem; color: #1b1b1f; background: #fff; }
          header { border-bottom: 4px solid #ffca28; margin-bottom: 1.5rem; }
          h1 { color: #1a237e; font-size: 1.6rem; }
          a { color: #303f9f; }
          article { border-top: 1px solid #c5cae9; padding: 0.5rem 0; }
          h2 { font-size: 1.15rem; margin: 0.5rem 0 0.25rem; }
          blockquote { margin: 0.5rem 0; padding-left: 1rem; border-left: 3px solid #c5cae9; color: #3c3c43; }
          .changed { color: #4a4a55; font-size: 0.9rem; }
          @media (prefers-color-scheme: dark) {
            body { color: #e2e2e9; background: #1e2129; }
            h1, a { color: #9fa8da; }
            blockquote, .changed { color: #c4c4cf; }
          }
        </style>
      </head>
      <body>
        <header>
          <h1><xsl:value-of select="atom:title"/></h1>
          <p>This is a feed. A feed reader (an app or browser add-on that checks feeds for you) tells you about each new entry:
            give it this page's address. The same changes are listed on
            <a href="{atom:link[@rel='alternate']/@href}">What changed</a>.</p>
        </header>
        <main>
          <xsl:if test="not(atom:entry)">
            <p>No change carries a note for readers yet.</p>
          </xsl:if>
          <xsl:for-each select="atom:entry">
            <article>
              <h2><a href="{atom:link/@href}"><xsl:value-of select="atom:title"/></a></h2>
              <xsl:copy-of select="atom:content/xhtml:div/node()"/>
            </article>
          </xsl:for-each>
        </main>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>
