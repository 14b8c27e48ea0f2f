/** hashify's own configuration file, /etc/hashify/hashify.json. */
package org.hashify.kernel.config;
