<?xml version="1.0" encoding="utf-8"?>
<!-- Shows an Atom feed of the portal as a readable page when a person opens it in a browser.
     Feed readers ignore this stylesheet. No script, nothing from other hosts (CSP). -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:atom="http://www.w3.org/2005/Atom">
  <xsl:output method="html" encoding="utf-8" doctype-system="about:legacy-compat"/>
  <xsl:template match="/atom:feed">
    <html lang="de">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="atom:title"/> (Feed)</title>
        <link rel="stylesheet" href="/static/vendor/bootstrap/bootstrap.min.css"/>
        <link rel="stylesheet" href="/static/css/portal.css"/>
      </head>
      <body>
        <main id="inhalt" class="container py-4">
          <p class="hinweis-demo">
            <strong>Dies ist ein Feed (Atom).</strong>
            Kopieren Sie die Adresse dieser Seite in einen Feedreader, um über neue
            freigegebene Statusberichte informiert zu werden.
            <span lang="en">This is an Atom news feed: copy this page's address into a feed
            reader to follow new approved progress reports.</span>
          </p>
          <h1><xsl:value-of select="atom:title"/></h1>
          <p><xsl:value-of select="atom:subtitle"/></p>
          <p><a href="{atom:link[@rel='alternate']/@href}">Zur Seite im Portal</a></p>
          <xsl:choose>
            <xsl:when test="atom:entry">
              <ol class="verlauf">
                <xsl:for-each select="atom:entry">
                  <li>
                    <h2 class="h5"><a href="{atom:link[@rel='alternate']/@href}"><xsl:value-of select="atom:title"/></a></h2>
                    <p class="small">Freigegeben: <xsl:value-of select="substring(atom:updated, 1, 10)"/></p>
                    <p><xsl:value-of select="atom:summary"/></p>
                  </li>
                </xsl:for-each>
              </ol>
            </xsl:when>
            <xsl:otherwise><p>Noch keine freigegebenen Statusberichte.</p></xsl:otherwise>
          </xsl:choose>
        </main>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>
