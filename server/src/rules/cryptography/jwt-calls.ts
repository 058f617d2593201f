// The JWT libraries' encode and decode functions, shared by PW609 and PW610.
/** PyJWT (`jwt`) and python-jose (`jose.jwt`). */
export const JWT_DECODE = ['jwt.decode', 'jwt.api_jwt.decode', 'jose.jwt.decode'];
export const JWT_ENCODE = ['jwt.encode', 'jwt.api_jwt.encode', 'jose.jwt.encode'];
